/** English UI strings. Every string in the window comes from here or zh-CN.ts. */
import { HEALTH_EN, type HealthCode } from '../../../shared/api/health';

export default {
  // Why a route between nodes is broken: the engine's own English sentences (one source).
  healthWhy: HEALTH_EN as Record<HealthCode, string>,
  app: { title: 'K8s NetLab', connecting: 'Connecting to the lab host…', disconnected: 'Disconnected from the lab host', error: 'Error: {msg}' },
  side: { elements: 'Elements', labs: 'Labs', sandbox: 'Sandbox', noLabs: 'The lab panel is not available in this build.' },
  elements: { search: 'Filter elements', count: '{shown} of {total}', empty: 'No element matches.', kinds: 'Kind' },
  kind: { node: 'Node', pod: 'Pod', container: 'Container', iface: 'Interface', bridge: 'Bridge', tunnel: 'Tunnel / VTEP', segment: 'Segment', router: 'Router', external: 'External host', service: 'Service', ingress: 'Ingress', policy: 'NetworkPolicy' },
  edge: { veth: 'veth pair', 'bridge-port': 'Bridge port', underlay: 'Underlay', tunnel: 'Overlay tunnel', bgp: 'BGP session', selects: 'Selects', route: 'Route', broken: 'Broken' },
  topo: {
    label: 'Cluster topology', search: 'Search the graph', fit: 'Fit', zoomIn: 'Zoom in', zoomOut: 'Zoom out', legend: 'Legend', services: 'Services overlay', matches: 'no match | 1 match | {n} matches',
    loading: 'Loading the topology…', openShell: 'Open shell', pingFrom: 'Ping from here…', curlFrom: 'Curl from here…', traceTo: 'Trace to here…', details: 'Details',
  },
  details: {
    title: 'Details', none: 'Select an element to see its details.', openShell: 'Open a shell here', kind: 'Kind', id: 'Id', parent: 'On', from: 'From', to: 'To', broken: 'Broken',
    mentions: 'State that mentions it', mentionsNone: 'No route, neighbour, FDB entry, iptables rule or IPVS entry mentions it.', more: '… and {n} more', omitted: '{n} more groups of nodes with lines of their own not shown',
    on: 'on {machines}', onMany: 'on {first} and {n} more nodes',
    section: { route: 'Routes', neigh: 'Neighbours', fdb: 'FDB', nat: 'NAT rules', filter: 'Filter rules', ipvs: 'IPVS' },
  },
  term: { label: 'Terminals', new: 'New shell on the selected element', close: 'Close {title}', none: 'No shell is open. Double-click a node or pod, or press Ctrl+T.', find: 'Find in terminal', findNext: 'Next', findPrev: 'Previous' },
  trace: {
    label: 'Packet walk', history: 'History', noWalk: 'No walk yet. Run ping or curl in a shell, or use the trace form.', play: 'Play', pause: 'Pause', step: 'Step forward', back: 'Step back', speed: 'Speed {s}×',
    hop: 'Hop {n} of {total}', request: 'request', reply: 'reply', exportJson: 'Export JSON', copyText: 'Copy as text', copied: 'Copied', replay: 'Replay',
    spreadN: 'Requests', spreadSend: 'Send N requests', spreadTotal: '{n} sent, {failed} unanswered', from: 'From', dst: 'Destination', proto: 'Protocol', port: 'Port', run: 'Trace', form: 'Trace a packet',
    verdict: { delivered: 'delivered', dropped: 'dropped', rejected: 'rejected', 'no-reply': 'no reply' },
    layers: 'Packet at this hop', rules: 'Rules matched', evaluated: '{n} rules evaluated', route: 'Route', neigh: 'Neighbour', fdb: 'FDB entry', nat: 'NAT', before: 'before', after: 'after',
    conntrack: 'Conntrack', ipvs: 'IPVS', ipvsChoice: '{vs} → {rs} (scheduler {sched}): {reason}', provenance: 'Written by', dropped: 'Dropped here', changed: 'changed at this hop', inner: 'inner',
    stage: { socket: 'socket', route: 'route', netfilter: 'netfilter', conntrack: 'conntrack', ipvs: 'IPVS', bridge: 'bridge', neigh: 'neighbour', encap: 'encap', decap: 'decap', underlay: 'underlay', proxy: 'proxy', deliver: 'deliver', drop: 'drop' },
    dir: { in: 'in', out: 'out', local: 'local' },
    provKind: { Service: 'Service', EndpointSlice: 'EndpointSlice', NetworkPolicy: 'NetworkPolicy', GlobalNetworkPolicy: 'GlobalNetworkPolicy', Node: 'Node', Pod: 'Pod', Ingress: 'Ingress' },
    provShow: 'Highlight {obj} on the graph',
  },
  sandbox: { diffTitle: 'What the switch changed, per node', diffSame: 'unchanged', diffLines: '+{added} −{removed} lines', diffLoading: 'Loading this node’s diff…', diffTruncated: '… {n} more diff lines not shown', diffSection: { route: 'Routes', link: 'Links', nat: 'NAT table', ipvs: 'IPVS' }, diffWide: 'Wide view', diffNarrow: 'Close the wide view', diffSkipped: '{n} more nodes not compared (the first {shown} are)', diffCoarse: 'Too different to align line by line: the removed lines, then the added ones.', title: 'Sandbox cluster', nodes: 'Nodes', segments: 'Segments', cni: 'CNI and backend', proxy: 'kube-proxy mode', workloads: 'Sample workloads', wlDefault: 'Sample web app', wlNone: 'None', seed: 'Seed', reset: 'Reset the cluster', resetting: 'Resetting…', hint: 'Resetting closes every shell and starts a fresh cluster.' },
  status: { cni: 'CNI', proxy: 'kube-proxy', nodes: 'nodes', seed: 'seed', theme: 'Theme', language: 'Language', system: 'System', light: 'Light', dark: 'Dark', connected: 'connected', disconnected: 'disconnected', connecting: 'connecting' },
  health: { broken: 'no broken route | 1 broken route | {n} broken routes', title: 'Broken routes between nodes', hint: 'Read from the kernel state of each node: routes, neighbours, FDB entries, links and BGP sessions. Choose one to show it on the graph.' },
  palette: {
    title: 'Command palette', open: 'Commands', placeholder: 'Type a command or a name…', pickTarget: 'Trace to… (type a name or an address)', empty: 'No matching command.', keys: '↑ ↓ choose · Enter run · Esc close', current: 'current',
    shell: 'Open a shell on {name}', traceFrom: 'Trace from {name}…', traceTo: 'Trace from {from} to {name}', fit: 'Fit the graph', servicesShow: 'Show the services overlay', servicesHide: 'Hide the services overlay',
    theme: 'Theme: {name}', language: 'Language: {name}', reset: 'Reset the sandbox…', lab: 'Open lab: {name}', broken: 'Show the broken route {name}',
  },
  resize: { side: 'Resize the side bar', inspector: 'Resize the inspector', bottom: 'Resize the terminal panel' },
};
