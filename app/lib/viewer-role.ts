"use client";
import { useEffect, useState } from "react";
import type { Role, ViewerQuery as ViewerData } from "../../graphql/generated/client/graphql";
import { ViewerQuery } from "./documents/viewer";
import { request } from "./graphql-client";

const RANK: Record<Role, number> = { VIEWER: 0, ANALYST: 1, ADMIN: 2 };

// One question per page load: every control that depends on the role reads the same answer.
let asked: Promise<ViewerData["viewer"]> | null = null;
function fetchViewer(): Promise<ViewerData["viewer"]> {
  if (!asked) {
    asked = request(ViewerQuery, {}).then((d) => d.viewer);
    asked.catch(() => {
      asked = null;
    });
  }
  return asked;
}

export interface RoleAccess {
  /** null until the API has answered (controls stay disabled meanwhile). */
  role: Role | null;
  /** Whether the signed-in viewer's role reaches `need`; false while unknown. */
  can: (need: Role) => boolean;
}

/** The signed-in viewer's role, for showing only the controls that role may use (the API checks again). */
export function useRoleAccess(): RoleAccess {
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    let live = true;
    fetchViewer()
      .then((v) => {
        if (live) setRole(v?.role ?? null);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { role, can: (need) => role != null && RANK[role] >= RANK[need] };
}
