#!/usr/bin/python3
"""Regenerates tests/fixtures/golden/: a small ml-xgboost model and XGBoost's own answers for it.

Run with Debian's python3-xgboost 1.7.4:  /usr/bin/python3 scripts/make-golden-fixtures.py
The model is trained by ml-xgboost (scripts/train-ml-xgboost.cjs) so the fixture is exactly what
the product stores; XGBoost then loads those legacy bytes and provides margins, pred_contribs and
its own JSON serialisation. It also checks that our toXgboostJson loads in XGBoost with identical
predictions (scripts/golden-tojson.ts). Tests read the committed files and need no Python.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import xgboost as xgb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "golden")
N_TRAIN, N_COLS, ROUNDS, DEPTH = 200, 29, 20, 4
PARAMS = {
    "booster": "gbtree", "objective": "binary:logistic", "max_depth": DEPTH, "eta": 0.3,
    "subsample": 1, "colsample_bytree": 1, "min_child_weight": 1, "gamma": 0, "lambda": 1,
    "alpha": 0, "base_score": 0.3, "silent": 1, "tree_method": "exact", "seed": 0,
}


def make_data(rng):
    X = rng.normal(size=(N_TRAIN, N_COLS))
    X[:, 0] = rng.integers(0, 3, N_TRAIN)          # categorical codes
    X[:, 1] = rng.integers(0, 5, N_TRAIN)
    X[:, 5] = rng.integers(0, 2, N_TRAIN)
    X[:, 2] = np.round(rng.uniform(20, 70, N_TRAIN))  # integer-valued: many rows sit on thresholds
    logit = 1.2 * X[:, 3] - 0.8 * X[:, 4] + 0.9 * X[:, 5] * X[:, 6] + 0.03 * (X[:, 2] - 45) \
        + 0.5 * (X[:, 0] == 2) + rng.normal(scale=0.7, size=N_TRAIN) - 0.8
    y = (rng.uniform(size=N_TRAIN) < 1 / (1 + np.exp(-logit))).astype(np.float64)
    # Missing values in a few informative columns.
    for col in (3, 4, 6, 7):
        X[rng.uniform(size=N_TRAIN) < 0.08, col] = np.nan
    X = X.astype(np.float32).astype(np.float64)
    assert not np.any(X == -1.0), "−1 means missing to ml-xgboost; regenerate"
    return X, y


def train_ml_xgboost(X, y, workdir):
    spec = {
        "rows": int(X.shape[0]), "cols": int(X.shape[1]),
        "X": np.where(np.isnan(X), -1.0, X).ravel().tolist(), "y": y.tolist(),
        "rounds": ROUNDS, "params": {k: str(v) for k, v in PARAMS.items()},
    }
    spec_path = os.path.join(workdir, "spec.json")
    model_path = os.path.join(workdir, "model.bin")
    with open(spec_path, "w") as f:
        json.dump(spec, f)
    subprocess.run(["node", os.path.join(ROOT, "scripts", "train-ml-xgboost.cjs"), spec_path, model_path],
                   check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    with open(model_path, "rb") as f:
        return f.read()


def tree_splits(booster):
    """(feature, threshold) of every split, from XGBoost's own JSON."""
    model = json.loads(booster.save_raw("json"))
    out = []
    for t in model["learner"]["gradient_booster"]["model"]["trees"]:
        for i, left in enumerate(t["left_children"]):
            if left != -1:
                out.append((t["split_indices"][i], t["split_conditions"][i]))
    return out


def edge_rows(X, splits, rng):
    """Rows that probe the float32 comparison and the default direction."""
    rows = []
    for k, (f, thr) in enumerate(splits[:40]):
        base = X[k % N_TRAIN].copy()
        t32 = float(np.float32(thr))
        below = float(np.nextafter(np.float32(thr), np.float32(-np.inf)))
        r = base.copy(); r[f] = t32; rows.append(r)                # exactly on threshold → right
        r = base.copy(); r[f] = below; rows.append(r)              # one float32 ulp below → left
        # A float64 a hair below the threshold that rounds to it in float32 → right, like XGBoost.
        r = base.copy(); r[f] = t32 - abs(t32) * 1e-12 if t32 != 0 else -1e-300; rows.append(r)
        r = base.copy(); r[f] = np.nan; rows.append(r)             # missing → default direction
    rows.append(np.full(N_COLS, np.nan))
    rand = rng.normal(size=(30, N_COLS)) * 2
    rand[rng.uniform(size=rand.shape) < 0.2] = np.nan
    rows.extend(rand)
    return np.array(rows)


def main():
    rng = np.random.default_rng(20240601)
    X, y = make_data(rng)
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        model_bytes = train_ml_xgboost(X, y, tmp)
        bst = xgb.Booster(model_file=bytearray(model_bytes))
        bst.set_param({"nthread": 1})
        Xe = edge_rows(X, tree_splits(bst), rng)
        Xall = np.vstack([X, Xe])
        dm = xgb.DMatrix(Xall, missing=np.nan)
        margin = bst.predict(dm, output_margin=True).astype(np.float64)
        contribs = bst.predict(dm, pred_contribs=True).astype(np.float64)

        # Our JSON writer must load in XGBoost and predict identically.
        bin_path = os.path.join(tmp, "model.bin")
        ours_path = os.path.join(tmp, "ours.json")
        with open(bin_path, "wb") as f:
            f.write(model_bytes)
        subprocess.run(["npx", "tsx", os.path.join(ROOT, "scripts", "golden-tojson.ts"), bin_path, ours_path],
                       check=True, cwd=ROOT)
        ours = xgb.Booster(model_file=ours_path)
        names = [f"f{i}" for i in range(N_COLS)]
        dm_named = xgb.DMatrix(Xall, missing=np.nan, feature_names=names)
        ours_margin = ours.predict(dm_named, output_margin=True).astype(np.float64)
        diff = float(np.max(np.abs(ours_margin - margin)))
        print(f"toXgboostJson reloaded by XGBoost {xgb.__version__}: max |margin diff| = {diff:.3g}")
        if diff > 1e-6:
            sys.exit("toXgboostJson model does not reproduce XGBoost's predictions")

    bst.save_model(os.path.join(OUT, "model.xgb.json"))
    with open(os.path.join(OUT, "model.bin"), "wb") as f:
        f.write(model_bytes)

    def enc(a):
        return [None if np.isnan(v) else float(v) for v in a]

    golden = {
        "xgboostVersion": xgb.__version__,
        "trainRows": N_TRAIN, "nRows": int(Xall.shape[0]), "nCols": N_COLS,
        "rounds": ROUNDS, "maxDepth": DEPTH, "params": PARAMS,
        "X": enc(Xall.ravel()), "y": y.tolist(),
        "margin": margin.tolist(),
        "contribs": contribs.ravel().tolist(),   # nRows × (nCols + 1), last column = bias
        "toXgboostJsonMaxDiff": diff,
    }
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"wrote {OUT}: {Xall.shape[0]} rows, model {len(model_bytes)} bytes")


if __name__ == "__main__":
    main()
