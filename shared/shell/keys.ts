/**
 * Turns the raw bytes a terminal sends (xterm.js onData, a real tty in raw mode) into
 * keys: printable text, control keys, CSI/SS3 escape sequences and bracketed pastes.
 * Stateful, because an escape sequence may arrive split across two writes.
 */

export type Key =
  | { type: 'text'; text: string }
  | {
      type: 'key';
      name:
        | 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'tab'
        | 'ctrl-a' | 'ctrl-b' | 'ctrl-c' | 'ctrl-d' | 'ctrl-e' | 'ctrl-f' | 'ctrl-k' | 'ctrl-l' | 'ctrl-n'
        | 'ctrl-g' | 'ctrl-p' | 'ctrl-r' | 'ctrl-u' | 'ctrl-w' | 'ctrl-y' | 'word-left' | 'word-right' | 'word-rubout' | 'word-delete';
    };

type KeyName = Extract<Key, { type: 'key' }>['name'];

const CONTROL: Record<number, KeyName> = {
  0x01: 'ctrl-a', 0x02: 'ctrl-b', 0x03: 'ctrl-c', 0x04: 'ctrl-d', 0x05: 'ctrl-e', 0x06: 'ctrl-f',
  0x07: 'ctrl-g', 0x08: 'backspace', 0x09: 'tab', 0x0b: 'ctrl-k', 0x0c: 'ctrl-l', 0x0e: 'ctrl-n', 0x10: 'ctrl-p', 0x12: 'ctrl-r',
  0x15: 'ctrl-u', 0x17: 'ctrl-w', 0x19: 'ctrl-y', 0x7f: 'backspace',
};

const CSI_FINAL: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, KeyName> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };

export class KeyDecoder {
  private rest = '';
  private pasting = false;
  private lastCR = false;

  /** Decodes `data` (plus any partial sequence left from the previous call). */
  feed(data: string): Key[] {
    const s = this.rest + data;
    this.rest = '';
    const keys: Key[] = [];
    let text = '';
    const flushText = () => {
      if (text) keys.push({ type: 'text', text });
      text = '';
    };
    const key = (name: KeyName) => {
      flushText();
      keys.push({ type: 'key', name });
    };
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      const code = s.charCodeAt(i);
      if (this.pasting) {
        if (s.startsWith('\x1b[201~', i)) {
          this.pasting = false;
          i += 6;
          continue;
        }
        if ('\x1b[201~'.startsWith(s.slice(i)) && s.length - i < 6) {
          this.rest = s.slice(i);
          break;
        }
      }
      if (c === '\r' || c === '\n') {
        // \r\n (a paste from Windows, or a tty in cooked mode) is one Enter.
        if (!(c === '\n' && this.lastCR)) key('enter');
        this.lastCR = c === '\r';
        i++;
        continue;
      }
      this.lastCR = false;
      if (c === '\x1b') {
        if (i + 1 >= s.length) {
          this.rest = s.slice(i);
          break;
        }
        const n = s[i + 1];
        if (n === '[') {
          const m = /^\x1b\[([0-9;]*)([@-~])/.exec(s.slice(i, i + 16));
          if (!m) {
            if (/^\x1b\[[0-9;]*$/.test(s.slice(i))) {
              this.rest = s.slice(i);
              break;
            }
            i += 2;
            continue;
          }
          i += m[0].length;
          const [, params, fin] = m;
          if (fin === '~') {
            if (params === '200') this.pasting = true;
            else if (params === '201') this.pasting = false;
            else if (CSI_TILDE[params.split(';')[0]]) key(CSI_TILDE[params.split(';')[0]]);
          } else if (CSI_FINAL[fin]) {
            const mod = params.split(';')[1];
            if (mod && mod !== '1' && (fin === 'C' || fin === 'D')) key(fin === 'C' ? 'word-right' : 'word-left');
            else key(CSI_FINAL[fin]);
          }
          continue;
        }
        if (n === 'O') {
          if (i + 2 >= s.length) {
            this.rest = s.slice(i);
            break;
          }
          const k = CSI_FINAL[s[i + 2]];
          if (k) key(k);
          i += 3;
          continue;
        }
        // Meta (Alt) + key: readline's word motions.
        if (n === 'b') key('word-left');
        else if (n === 'f') key('word-right');
        else if (n === 'd') key('word-delete');
        else if (n === '\x7f' || n === '\b') key('word-rubout');
        i += 2;
        continue;
      }
      if (code < 0x20 || code === 0x7f) {
        const name = CONTROL[code];
        if (name && !(this.pasting && name === 'tab')) key(name);
        else if (this.pasting && c === '\t') text += '\t';
        i++;
        continue;
      }
      text += c;
      i++;
    }
    flushText();
    return keys;
  }
}
