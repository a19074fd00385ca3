/** IPVS and ipset state of one namespace; filled in by kube-proxy's IPVS mode. */
export interface IpvsState {
  services: unknown[];
}
export interface IpsetState {
  sets: unknown[];
}
export function emptyIpvs(): IpvsState {
  return { services: [] };
}
export function emptyIpsets(): IpsetState {
  return { sets: [] };
}
