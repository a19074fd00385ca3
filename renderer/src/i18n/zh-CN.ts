/** 简体中文界面文本；键与 en.ts 一一对应（测试会检查）。 */
export default {
  app: { title: 'K8s 网络实验室', connecting: '正在连接实验主机…', disconnected: '与实验主机的连接已断开', error: '错误：{msg}' },
  side: { elements: '元素', labs: '实验', sandbox: '沙盒', noLabs: '此版本未包含实验面板。' },
  elements: { search: '筛选元素', count: '{shown} / {total}', empty: '没有匹配的元素。', kinds: '类型' },
  kind: { node: '节点', pod: 'Pod', container: '容器', iface: '网卡', bridge: '网桥', tunnel: '隧道 / VTEP', segment: '网段', router: '路由器', external: '外部主机', service: 'Service', ingress: 'Ingress', policy: 'NetworkPolicy' },
  edge: { veth: 'veth 对', 'bridge-port': '网桥端口', underlay: '底层网络', tunnel: '覆盖网络隧道', bgp: 'BGP 会话', selects: '选择', route: '路由' },
  topo: {
    label: '集群拓扑', search: '在图中搜索', fit: '适应窗口', zoomIn: '放大', zoomOut: '缩小', legend: '图例', services: 'Service 叠加层', matches: '无匹配 | 1 个匹配 | {n} 个匹配',
    loading: '正在加载拓扑…', openShell: '打开 Shell', pingFrom: '从这里 ping…', curlFrom: '从这里 curl…', traceTo: '追踪到这里…', details: '详情',
  },
  details: { title: '详情', none: '选择一个元素以查看详情。', openShell: '在此打开 Shell', kind: '类型', id: '标识', parent: '所在' },
  term: { label: '终端', new: '在所选元素上新建 Shell', close: '关闭 {title}', none: '尚未打开 Shell。双击节点或 Pod，或按 Ctrl+T。', find: '在终端中查找', findNext: '下一个', findPrev: '上一个' },
  trace: {
    label: '数据包路径', history: '历史', noWalk: '还没有数据包路径。在 Shell 中运行 ping 或 curl，或使用追踪表单。', play: '播放', pause: '暂停', step: '前进一步', back: '后退一步', speed: '速度 {s}×',
    hop: '第 {n} 跳，共 {total} 跳', request: '请求', reply: '应答', exportJson: '导出 JSON', copyText: '复制为文本', copied: '已复制', replay: '重放',
    spreadN: '请求数', spreadSend: '发送 N 个请求', spreadTotal: '已发送 {n} 个，{failed} 个无应答', from: '源', dst: '目的地址', proto: '协议', port: '端口', run: '追踪', form: '追踪一个数据包',
    verdict: { delivered: '已送达', dropped: '已丢弃', rejected: '已拒绝', 'no-reply': '无应答' },
    layers: '此跳的数据包', rules: '匹配的规则', evaluated: '共检查 {n} 条规则', route: '路由', neigh: '邻居', fdb: 'FDB 表项', nat: 'NAT', before: '之前', after: '之后',
    conntrack: '连接跟踪', ipvs: 'IPVS', ipvsChoice: '{vs} → {rs}（调度算法 {sched}）：{reason}', provenance: '写入者', dropped: '在此丢弃', changed: '在此跳被修改', inner: '内层',
    stage: { socket: '套接字', route: '路由', netfilter: 'netfilter', conntrack: '连接跟踪', ipvs: 'IPVS', bridge: '网桥', neigh: '邻居', encap: '封装', decap: '解封装', underlay: '底层网络', proxy: '代理', deliver: '送达', drop: '丢弃' },
    dir: { in: '入', out: '出', local: '本地' },
  },
  sandbox: { diffTitle: '切换带来的变化（每个节点的网卡）', diffSame: '无变化', title: '沙盒集群', nodes: '节点数', segments: '网段数', cni: 'CNI 与后端', proxy: 'kube-proxy 模式', workloads: '示例工作负载', wlDefault: '示例 Web 应用', wlNone: '无', seed: '随机种子', reset: '重置集群', resetting: '正在重置…', hint: '重置会关闭所有 Shell 并启动一个新集群。' },
  status: { cni: 'CNI', proxy: 'kube-proxy', nodes: '个节点', seed: '种子', theme: '主题', language: '语言', system: '跟随系统', light: '浅色', dark: '深色', connected: '已连接', disconnected: '已断开', connecting: '连接中' },
  resize: { side: '调整侧边栏宽度', inspector: '调整检查器宽度', bottom: '调整终端面板高度' },
};
