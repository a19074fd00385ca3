/** English UI strings. Every string in the window comes from here or zh-CN.ts. */
export default {
  app: { title: 'K8s NetLab', connecting: 'Connecting to the lab host…', disconnected: 'Disconnected from the lab host', error: 'Error: {msg}' },
  side: { elements: 'Elements', labs: 'Labs', sandbox: 'Sandbox', noLabs: 'The lab panel is not available in this build.' },
  elements: { search: 'Filter elements', count: '{shown} of {total}', empty: 'No element matches.', kinds: 'Kind' },
  kind: { node: 'Node', pod: 'Pod', container: 'Container', iface: 'Interface', bridge: 'Bridge', tunnel: 'Tunnel / VTEP', segment: 'Segment', router: 'Router', external: 'External host', service: 'Service', ingress: 'Ingress', policy: 'NetworkPolicy' },
  edge: { veth: 'veth pair', 'bridge-port': 'Bridge port', underlay: 'Underlay', tunnel: 'Overlay tunnel', bgp: 'BGP session', selects: 'Selects', route: 'Route' },
  topo: {
    label: 'Cluster topology', search: 'Search the graph', fit: 'Fit', zoomIn: 'Zoom in', zoomOut: 'Zoom out', legend: 'Legend', services: 'Services overlay', matches: 'no match | 1 match | {n} matches',
    loading: 'Loading the topology…', openShell: 'Open shell', pingFrom: 'Ping from here…', curlFrom: 'Curl from here…', traceTo: 'Trace to here…', details: 'Details',
  },
  details: { title: 'Details', none: 'Select an element to see its details.', openShell: 'Open a shell here', kind: 'Kind', id: 'Id', parent: 'On' },
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
  },
  sandbox: { diffTitle: 'What the switch changed (links per node)', diffSame: 'unchanged', title: 'Sandbox cluster', nodes: 'Nodes', segments: 'Segments', cni: 'CNI and backend', proxy: 'kube-proxy mode', workloads: 'Sample workloads', wlDefault: 'Sample web app', wlNone: 'None', seed: 'Seed', reset: 'Reset the cluster', resetting: 'Resetting…', hint: 'Resetting closes every shell and starts a fresh cluster.' },
  status: { cni: 'CNI', proxy: 'kube-proxy', nodes: 'nodes', seed: 'seed', theme: 'Theme', language: 'Language', system: 'System', light: 'Light', dark: 'Dark', connected: 'connected', disconnected: 'disconnected', connecting: 'connecting' },
  resize: { side: 'Resize the side bar', inspector: 'Resize the inspector', bottom: 'Resize the terminal panel' },
};
