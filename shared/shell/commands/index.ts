/**
 * The one table of shell commands (CONVENTIONS 5). Each command lives in its own file in
 * this folder (kubectl's verbs under kubectl/); add it here and nowhere else.
 * Keep the list sorted by name within each group.
 */
import type { Command } from '../command';
import { alias } from './alias';
import { awk } from './awk';
import { bash } from './bash';
import { cat } from './cat';
import { cd } from './cd';
import { clear } from './clear';
import { cut } from './cut';
import { date } from './date';
import { echo } from './echo';
import { env } from './env';
import { exit } from './exit';
import { exportCommand } from './export';
import { falseCommand } from './false';
import { grep } from './grep';
import { head } from './head';
import { help } from './help';
import { history } from './history';
import { hostname } from './hostname';
import { less } from './less';
import { ls } from './ls';
import { mkdir } from './mkdir';
import { more } from './more';
import { printenv } from './printenv';
import { printf } from './printf';
import { pwd } from './pwd';
import { read } from './read';
import { rm } from './rm';
import { sed } from './sed';
import { seq } from './seq';
import { sh } from './sh';
import { sleep } from './sleep';
import { sort } from './sort';
import { tail } from './tail';
import { tee } from './tee';
import { bracket, test } from './test';
import { touch } from './touch';
import { tr } from './tr';
import { trueCommand } from './true';
import { type } from './type';
import { unalias } from './unalias';
import { uniq } from './uniq';
import { unset } from './unset';
import { wc } from './wc';
import { which } from './which';
import { xargs } from './xargs';
import { kubectl } from './kubectl';
import { dig } from './dig';
import { getent } from './getent';
import { host } from './host';
import { nslookup } from './nslookup';
import { arp } from './arp';
import { bridgeCommand } from './bridge';
import { brctl } from './brctl';
import { calicoctl } from './calicoctl';
import { ipCommand } from './ip';
import { netstat } from './netstat';
import { ss } from './ss';
import { nc } from './nc';
import { timeout } from './timeout';
import { watch } from './watch';
import { ping } from './ping';
import { route } from './route';
import { sysctl } from './sysctl';
import { tcpdump } from './tcpdump';
import { tracepath } from './tracepath';
import { traceroute } from './traceroute';
import { conntrack } from './conntrack';
import { curl } from './curl';
import { wget } from './wget';
import { iptables } from './iptables';
import { iptablesRestore } from './iptables-restore';
import { iptablesSave } from './iptables-save';
import { ipset } from './ipset';
import { ipvsadm } from './ipvsadm';

let table: Command[] | undefined;

/**
 * THE table of commands, built on first use: command modules reach back into it (kubectl exec
 * looks up a pod's binaries, the container runner its commands), so a table built while a
 * command module is still loading would hold `undefined` for it.
 */
export function allCommands(): Command[] {
  return (table ??= [
    // shell builtins and text tools
    alias,
    awk,
    bash,
    cat,
    cd,
    clear,
    cut,
    date,
    echo,
    env,
    exit,
    exportCommand,
    falseCommand,
    grep,
    head,
    help,
    history,
    hostname,
    less,
    ls,
    mkdir,
    more,
    printenv,
    printf,
    pwd,
    read,
    rm,
    sed,
    seq,
    sh,
    sleep,
    sort,
    tail,
    tee,
    test,
    bracket,
    touch,
    tr,
    trueCommand,
    type,
    unalias,
    uniq,
    unset,
    wc,
    which,
    xargs,

    // network: iproute2, ping, traceroute, tcpdump
    arp,
    bridgeCommand,
    brctl,
    ipCommand,
    netstat,
    ss,
  nc,
  timeout,
  watch,
    ping,
    route,
    sysctl,
    tcpdump,
    tracepath,
    traceroute,

    // services: iptables, ipvsadm, ipset, conntrack, curl
    conntrack,
    curl,
    iptables,
    iptablesRestore,
    iptablesSave,
    ipset,
    ipvsadm,
    wget,

    // kubernetes: kubectl, calicoctl, DNS tools
    calicoctl,
    dig,
    getent,
    host,
    kubectl,
    nslookup,
  ]);
}

export function findCommand(name: string): Command | undefined {
  return allCommands().find((c) => c.name === name);
}
