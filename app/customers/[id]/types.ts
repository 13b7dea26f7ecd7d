import type { CustomerDetailQuery } from "../../../graphql/generated/client/graphql";

export type CustomerDetail = NonNullable<CustomerDetailQuery["customer"]>;
export type FeatureMeta = CustomerDetailQuery["features"][number];
export type WeekRow = CustomerDetail["weekly"][number];
