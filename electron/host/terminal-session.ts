/**
 * One open terminal in the host: a virtual terminal from shared/shell (the pty-like session
 * of CONVENTIONS 7) plus its flow-controlled output. The transport only ever sees
 * onTermData / onTermExit events and term:* requests.
 */
import type { Engine } from '../../shared/sim/engine';
import type { ShellTarget } from '../../shared/model/target';
import { OutputFlow, type FlowOptions } from './flow';

/** What the host needs of shared/shell's VirtualTerminal. */
export interface TerminalLike {
  start(): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** May return a remover function or a Disposable; either is honoured. */
  onData(cb: (data: string) => void): unknown;
  onExit(cb: (code: number) => void): unknown;
  dispose(): void;
}

export interface TerminalOptions {
  engine: Engine;
  target: ShellTarget;
  cols: number;
  rows: number;
}

export type TerminalFactory = (opts: TerminalOptions) => TerminalLike;

/** Calls whatever unsubscribe handle a subscription returned. */
export function release(handle: unknown): void {
  if (typeof handle === 'function') (handle as () => void)();
  else if (handle && typeof (handle as { dispose?: unknown }).dispose === 'function') (handle as { dispose(): void }).dispose();
}

/** A terminal plus its output stream; exits once, after its output has been sent. */
export class TerminalSession {
  private readonly flow: OutputFlow;
  private readonly subs: unknown[] = [];
  private exited = false;
  private tornDown = false;

  constructor(
    readonly id: string,
    readonly target: ShellTarget,
    private readonly term: TerminalLike,
    private readonly sink: { data(id: string, data: string): void; exit(id: string, code: number): void },
    flow?: FlowOptions,
  ) {
    this.flow = new OutputFlow((chunk) => this.sink.data(this.id, chunk), flow);
    this.subs.push(term.onData((d) => this.flow.push(d)));
    this.subs.push(term.onExit((code) => this.finish(code)));
  }

  /** Prints the prompt (and anything the terminal says first). */
  start(): void {
    this.term.start();
  }

  write(data: string): void {
    if (!this.exited) this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.term.resize(cols, rows);
  }

  ack(chars: number): void {
    this.flow.ack(chars);
  }

  /** Unacked characters in flight (for tests and diagnostics). */
  get inFlight(): number {
    return this.flow.inFlight;
  }

  /** Closes from the host side (term:close, window gone): no exit event is sent. */
  close(): void {
    this.exited = true;
    this.teardown();
  }

  /** Closes and tells the client, with the given exit status (session reset). */
  kill(code: number): void {
    const told = this.exited && this.tornDown;
    this.exited = true;
    this.teardown();
    if (!told) this.sink.exit(this.id, code);
  }

  get closed(): boolean {
    return this.exited;
  }

  private finish(code: number): void {
    if (this.exited) return;
    this.exited = true;
    // The exit event goes after the last output, even if that output waits for acks.
    this.flow.whenDrained(() => {
      this.teardown();
      this.sink.exit(this.id, code);
    });
  }

  private teardown(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    for (const s of this.subs.splice(0)) release(s);
    this.flow.close();
    this.term.dispose();
  }
}
