/**
 * The template `netlab lab new <id>` writes: a one-step lab that validates as is and shows
 * every part of the format an author needs first (bilingual text in step files, a
 * clickable command, a state check, a command check, a question, hints, a solution).
 */

/** Files of a new lab folder, by relative path. */
export function scaffoldLab(id: string): Record<string, string> {
  const yaml = `# yaml-language-server: $schema=../lab.schema.json
# A lab: see labs/README.md for every field. Validate with: netlab lab validate ${id}
id: ${id}
title: { zh-CN: 我的实验, en: My lab }
summary:
  zh-CN: 一句话说明学员会发现什么。
  en: One sentence on what the learner will find out.
difficulty: beginner
minutes: 10
tags: [routing]
topology: { nodes: 3, cni: flannel:vxlan, proxyMode: iptables }
shells: [node-2]
steps:
  - id: routes
    title: { zh-CN: 节点上的 Pod 路由, en: Pod routes on a node }
    body: { file: steps/01 }
    commands:
      - { shell: node-2, line: ip route }
    questions:
      - id: device
        type: single
        prompt: { zh-CN: 去往其他节点 Pod 网段的路由走哪个设备？, en: Which device do routes to other nodes' pod subnets use? }
        choices: [eth0, cni0, flannel.1]
        answers: [flannel.1]
    checks:
      - id: ran-ip-route
        kind: command
        matches: '^ip (-\\d )?r(o(u(te?)?)?)?( show)?$'
        on: node-2
        message: { zh-CN: 在 node-2 上查看了路由表, en: Looked at the routing table on node-2 }
      - id: vxlan-route
        kind: route
        on: node-2
        matches: 'dev flannel\\.1 onlink$'
        message: { zh-CN: node-2 有经 flannel.1 的路由, en: node-2 has routes via flannel.1 }
      - id: answer
        kind: question
        question: device
        message: { zh-CN: 答对了设备, en: Named the device }
    hints:
      - text: { zh-CN: 在 node-2 的终端里运行 ip route。, en: Run ip route in node-2's terminal. }
      - text: { zh-CN: 你在另一个节点上运行了它。, en: You ran it on another node. }
        when: { id: wrong-node, kind: command, matches: '^ip r', notOn: node-2, message: { zh-CN: 错误的节点, en: wrong node } }
    solution:
      commands: [{ shell: node-2, line: ip route }]
      answers: { device: flannel.1 }
    explain:
      zh-CN: flanneld 为每个远端节点的网段写了一条经 flannel.1 的路由。
      en: flanneld wrote one route per remote node's subnet through flannel.1.
conclusion:
  summary: { zh-CN: 你找到了跨节点流量的出口。, en: You found where cross-node traffic leaves. }
  next: { zh-CN: 试试 bridge fdb show dev flannel.1。, en: Try bridge fdb show dev flannel.1. }
`;
  return {
    'lab.yaml': yaml,
    'steps/01.en.md': '**Goal:** find out how a node reaches pods on other nodes.\n\nRun `ip route` on node-2 and look for the routes that use `flannel.1`.\n',
    'steps/01.zh-CN.md': '**目标：** 弄清一个节点如何到达其他节点上的 Pod。\n\n在 node-2 上运行 `ip route`，找出经过 `flannel.1` 的路由。\n',
  };
}
