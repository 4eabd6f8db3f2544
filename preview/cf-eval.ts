/**
 * Just enough of Excel's formula language to show conditional formats in the preview grid:
 * numbers, strings, cell references and ranges ($ anchors), + - * / & comparisons, and
 * AND OR NOT ISNUMBER MAX MIN ABS COUNT SUM ROUND. A rule's relative references move with the
 * cell, as in Excel. Anything else evaluates to false (the preview then shows no highlight).
 */
type Value = number | string | boolean | null;
type Getter = (row: number, col: number) => Value;

interface Ref {
  kind: 'ref';
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

export function evaluateRule(formula: string, get: Getter, offset: { dr: number; dc: number }): boolean {
  try {
    const v = new Parser(formula.replace(/^=/, ''), get, offset).parse();
    return v === true || (typeof v === 'number' && v !== 0);
  } catch {
    return false;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly get: Getter,
    private readonly off: { dr: number; dc: number },
  ) {}

  parse(): Value {
    const v = this.compare();
    this.ws();
    if (this.i < this.s.length) throw new Error('trailing');
    return this.scalar(v);
  }

  private ws() {
    while (this.s[this.i] === ' ') this.i++;
  }

  private compare(): Value | Ref {
    let left = this.additive();
    for (;;) {
      this.ws();
      const m = /^(<=|>=|<>|<|>|=)/.exec(this.s.slice(this.i));
      if (!m) return left;
      this.i += m[1].length;
      const a = this.scalar(left);
      const b = this.scalar(this.additive());
      const x = typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? ''));
      left = { '<': x < 0, '>': x > 0, '<=': x <= 0, '>=': x >= 0, '=': x === 0, '<>': x !== 0 }[m[1]]!;
    }
  }

  private additive(): Value | Ref {
    let left = this.term();
    for (;;) {
      this.ws();
      const op = this.s[this.i];
      if (op !== '+' && op !== '-' && op !== '&') return left;
      this.i++;
      const a = this.scalar(left);
      const b = this.scalar(this.term());
      left = op === '&' ? `${a ?? ''}${b ?? ''}` : op === '+' ? Number(a) + Number(b) : Number(a) - Number(b);
    }
  }

  private term(): Value | Ref {
    let left = this.unary();
    for (;;) {
      this.ws();
      const op = this.s[this.i];
      if (op !== '*' && op !== '/') return left;
      this.i++;
      const a = Number(this.scalar(left));
      const b = Number(this.scalar(this.unary()));
      left = op === '*' ? a * b : a / b;
    }
  }

  private unary(): Value | Ref {
    this.ws();
    if (this.s[this.i] === '-') {
      this.i++;
      return -Number(this.scalar(this.unary()));
    }
    return this.primary();
  }

  private primary(): Value | Ref {
    this.ws();
    const rest = this.s.slice(this.i);
    let m: RegExpExecArray | null;
    if (rest[0] === '(') {
      this.i++;
      const v = this.compare();
      this.expect(')');
      return v;
    }
    if ((m = /^"((?:[^"]|"")*)"/.exec(rest))) {
      this.i += m[0].length;
      return m[1].replace(/""/g, '"');
    }
    if ((m = /^\d+(\.\d+)?/.exec(rest))) {
      this.i += m[0].length;
      return Number(m[0]);
    }
    if ((m = /^(TRUE|FALSE)\b(?!\()/i.exec(rest))) {
      this.i += m[0].length;
      return m[1].toUpperCase() === 'TRUE';
    }
    if ((m = /^([A-Z][A-Z0-9.]*)\(/i.exec(rest))) {
      this.i += m[0].length;
      const args: (Value | Ref)[] = [];
      this.ws();
      if (this.s[this.i] !== ')') {
        for (;;) {
          args.push(this.compare());
          this.ws();
          if (this.s[this.i] === ',') {
            this.i++;
            continue;
          }
          break;
        }
      }
      this.expect(')');
      return this.call(m[1].toUpperCase().replace(/^_XLFN\./, ''), args);
    }
    if ((m = /^(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?/.exec(rest))) {
      this.i += m[0].length;
      const r = (abs: string, n: string) => Number(n) - 1 + (abs ? 0 : this.off.dr);
      const c = (abs: string, s: string) => col(s) + (abs ? 0 : this.off.dc);
      const r0 = r(m[3], m[4]);
      const c0 = c(m[1], m[2]);
      return m[6] ? { kind: 'ref', r0, c0, r1: r(m[7], m[8]), c1: c(m[5], m[6]) } : { kind: 'ref', r0, c0, r1: r0, c1: c0 };
    }
    throw new Error(`unexpected ${rest.slice(0, 10)}`);
  }

  private expect(ch: string) {
    this.ws();
    if (this.s[this.i] !== ch) throw new Error(`expected ${ch}`);
    this.i++;
  }

  private values(x: Value | Ref): Value[] {
    if (x && typeof x === 'object') {
      const out: Value[] = [];
      for (let r = x.r0; r <= x.r1; r++) for (let c = x.c0; c <= x.c1; c++) out.push(this.get(r, c));
      return out;
    }
    return [x];
  }

  private scalar(x: Value | Ref): Value {
    return x && typeof x === 'object' ? this.get(x.r0, x.c0) : x;
  }

  private call(name: string, args: (Value | Ref)[]): Value {
    const nums = () => args.flatMap((a) => this.values(a)).filter((v): v is number => typeof v === 'number');
    switch (name) {
      case 'AND':
        return args.every((a) => this.truthy(this.scalar(a)));
      case 'OR':
        return args.some((a) => this.truthy(this.scalar(a)));
      case 'NOT':
        return !this.truthy(this.scalar(args[0]));
      case 'ISNUMBER':
        return typeof this.scalar(args[0]) === 'number';
      case 'MAX':
        return nums().length ? Math.max(...nums()) : 0;
      case 'MIN':
        return nums().length ? Math.min(...nums()) : 0;
      case 'SUM':
        return nums().reduce((a, b) => a + b, 0);
      case 'COUNT':
        return nums().length;
      case 'ABS':
        return Math.abs(Number(this.scalar(args[0])));
      case 'ROUND': {
        const d = Number(this.scalar(args[1] ?? 0));
        return Math.round(Number(this.scalar(args[0])) * 10 ** d) / 10 ** d;
      }
      default:
        throw new Error(`function ${name}`);
    }
  }

  private truthy(v: Value): boolean {
    return v === true || (typeof v === 'number' && v !== 0);
  }
}
