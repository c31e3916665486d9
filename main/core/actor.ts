/**
 * Who is acting, as every store's command carries it: the signed-in operator of a window,
 * where the action came from (PCI DSS 10.2.2 origin) and when, at the router's clock. Kept
 * at the root of main/core so any feature's store can take it without importing another.
 */
export interface Actor {
  operatorId: number;
  username: string;
  origin: string;
  at: Date;
}
