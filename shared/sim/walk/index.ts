/**
 * The packet walker's public surface: walkPacket() for one traced packet, exchange()
 * for a client connection (curl, DNS, proxies), the walk history and device captures.
 */
export { walkPacket, walkDetailed, type WalkInput, type WalkDetail } from './walk';
export { exchange, type ExchangeRequest, type ExchangeResult, type ExchangeError } from './exchange';
export { listWalks, getWalk, capturesOn, ephemeralPort } from './history';
export type { Capture } from './record';
export { listen, findListener, listeners, type AppHandler, type AppRequest, type AppResponse } from '../apps/sockets';
export { setNameResolver, resolveName, type NameResolver } from './resolve';
