/**
 * Output flow control for one terminal (CONVENTIONS 7, after VS Code's pty ack and Tabby's
 * 100 KB chunks). Writes from the virtual terminal are coalesced, cut into chunks of at most
 * FLOW_CHUNK characters and sent while fewer than FLOW_HIGH_WATER characters are unacked;
 * past that the stream pauses until acks bring the count down to FLOW_LOW_WATER. So a
 * 100k-line `iptables-save` streams in pieces the window can keep up with.
 */
import { FLOW_CHUNK, FLOW_HIGH_WATER, FLOW_LOW_WATER } from '../../shared/api/wire';

export interface FlowOptions {
  chunk?: number;
  highWater?: number;
  lowWater?: number;
  /** How a flush is deferred so that many small writes become one message. */
  schedule?: (fn: () => void) => void;
}

/** One terminal's outgoing byte stream with chunking and ack-based back-pressure. */
export class OutputFlow {
  /** Queued writes from `head` on; consumed entries are dropped in bulk, not shifted one by one. */
  private pending: string[] = [];
  private head = 0;
  private pendingChars = 0;
  private unacked = 0;
  private paused = false;
  private scheduled = false;
  private closed = false;
  private onDrained: (() => void) | undefined;
  private readonly chunk: number;
  private readonly highWater: number;
  private readonly lowWater: number;
  private readonly schedule: (fn: () => void) => void;

  constructor(
    private readonly send: (chunk: string) => void,
    opts: FlowOptions = {},
  ) {
    this.chunk = Math.max(2, opts.chunk ?? FLOW_CHUNK);
    this.highWater = Math.max(this.chunk, opts.highWater ?? FLOW_HIGH_WATER);
    this.lowWater = Math.min(this.highWater, opts.lowWater ?? FLOW_LOW_WATER);
    this.schedule = opts.schedule ?? queueMicrotask;
  }

  /** Characters sent but not yet acknowledged. */
  get inFlight(): number {
    return this.unacked;
  }

  /** Characters waiting to be sent. */
  get buffered(): number {
    return this.pendingChars;
  }

  /** True while the stream waits for acks. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Queues output; it goes out on the next scheduled flush. */
  push(data: string): void {
    if (this.closed || data.length === 0) return;
    this.pending.push(data);
    this.pendingChars += data.length;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** The client has written `chars` more characters; resume below the low-water mark. */
  ack(chars: number): void {
    if (this.closed) return;
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked <= this.lowWater) {
      this.paused = false;
      this.flush();
    }
  }

  /** Calls `fn` once everything queued so far has been sent (at once if nothing is). */
  whenDrained(fn: () => void): void {
    if (this.pendingChars === 0 && !this.scheduled) fn();
    else this.onDrained = fn;
  }

  /** Drops anything unsent; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.pending = [];
    this.head = 0;
    this.pendingChars = 0;
    this.onDrained = undefined;
  }

  private flush(): void {
    while (!this.closed && this.pendingChars > 0) {
      if (this.unacked >= this.highWater) {
        this.paused = true;
        return;
      }
      const piece = this.take(this.chunk);
      this.unacked += piece.length;
      this.send(piece);
    }
    if (this.pendingChars === 0 && this.onDrained) {
      const fn = this.onDrained;
      this.onDrained = undefined;
      fn();
    }
  }

  /** Takes up to `max` characters off the queue without splitting a surrogate pair. */
  private take(max: number): string {
    const parts: string[] = [];
    let room = max;
    while (room > 0 && this.head < this.pending.length) {
      const first = this.pending[this.head]!;
      if (first.length <= room) {
        parts.push(first);
        room -= first.length;
        this.head++;
        continue;
      }
      let cut = room;
      const code = first.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      if (cut === 0 && parts.length === 0) cut = Math.min(2, first.length);
      if (cut === 0) break;
      parts.push(first.slice(0, cut));
      this.pending[this.head] = first.slice(cut);
      room -= cut;
      break;
    }
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    const out = parts.join('');
    this.pendingChars -= out.length;
    return out;
  }
}
