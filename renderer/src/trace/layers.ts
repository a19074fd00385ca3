/**
 * Wireshark-style one-line summaries of a header ("Internet Protocol Version 4, Src: …").
 * Protocol names are the protocol analyser's own and are not translated.
 */
import type { WalkLayer } from '../../../shared/api/walk';

/** The protocol's full name, as a protocol analyser titles its row. */
export const LAYER_TITLES: Record<WalkLayer['name'], string> = {
  Ethernet: 'Ethernet II',
  IPv4: 'Internet Protocol Version 4',
  TCP: 'Transmission Control Protocol',
  UDP: 'User Datagram Protocol',
  ICMP: 'Internet Control Message Protocol',
  VXLAN: 'Virtual eXtensible Local Area Network',
  IPIP: 'IP in IP',
  FlannelUDP: 'flannel UDP encapsulation',
  HTTP: 'Hypertext Transfer Protocol',
  DNS: 'Domain Name System',
};

/** The row's title: the protocol's name and its first few fields. */
export function layerSummary(l: WalkLayer, maxFields = 3): string {
  const title = LAYER_TITLES[l.name] ?? l.name;
  const fields = l.fields.slice(0, maxFields).map((f) => `${f.name}: ${f.value}`);
  return fields.length ? `${title}, ${fields.join(', ')}` : title;
}
