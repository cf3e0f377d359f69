/**
 * Just enough XML for Hadoop configuration files: elements, attributes, text, CDATA, comments,
 * processing instructions (`<?xml-stylesheet?>` is common there), a DOCTYPE without internal
 * subset, and the predefined and numeric character references. Anything else is refused with
 * its line number rather than guessed at; no dependency is worth adding for this.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
  readonly line: number;
}

export class XmlSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const NAME = /[A-Za-z_:][\w:.-]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  const p = new Parser(text.replace(/^\uFEFF/, ''));
  p.skipMisc();
  const root = p.element();
  p.skipMisc();
  if (!p.done()) p.fail('content after the root element');
  return root;
}

class Parser {
  #pos = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  done(): boolean {
    return this.#pos >= this.#text.length;
  }

  fail(message: string, at = this.#pos): never {
    throw new XmlSyntaxError(this.#text.slice(0, at).split('\n').length, message);
  }

  /** Whitespace, comments, processing instructions and a DOCTYPE: what may surround the root. */
  skipMisc(): void {
    for (;;) {
      this.#pos = this.#text.length - this.#text.slice(this.#pos).trimStart().length;
      if (this.#startsWith('<!--')) this.#skipPast('-->', 'unterminated comment');
      else if (this.#startsWith('<?')) this.#skipPast('?>', 'unterminated processing instruction');
      else if (this.#startsWith('<!DOCTYPE')) {
        const end = this.#text.indexOf('>', this.#pos);
        if (end < 0) this.fail('unterminated DOCTYPE');
        if (this.#text.slice(this.#pos, end).includes('[')) this.fail('a DOCTYPE with an internal subset is not supported');
        this.#pos = end + 1;
      } else return;
    }
  }

  element(): XmlElement {
    const line = this.#line();
    if (!this.#startsWith('<')) this.fail('expected an element');
    this.#pos += 1;
    const name = this.#name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.#pos;
      this.#skipSpace();
      if (this.#startsWith('/>')) {
        this.#pos += 2;
        return { name, attributes, children: [], line };
      }
      if (this.#startsWith('>')) {
        this.#pos += 1;
        break;
      }
      if (this.#pos === before) this.fail(`malformed <${name}> tag`);
      const attribute = this.#name();
      this.#skipSpace();
      if (!this.#startsWith('=')) this.fail(`attribute ${attribute} of <${name}> has no value`);
      this.#pos += 1;
      this.#skipSpace();
      const quote = this.#text[this.#pos];
      if (quote !== '"' && quote !== "'") this.fail(`attribute ${attribute} of <${name}> is not quoted`);
      const end = this.#text.indexOf(quote, this.#pos + 1);
      if (end < 0) this.fail(`unterminated attribute ${attribute} of <${name}>`);
      if (Object.hasOwn(attributes, attribute)) this.fail(`attribute ${attribute} repeated on <${name}>`);
      attributes[attribute] = this.#decode(this.#text.slice(this.#pos + 1, end), this.#pos + 1);
      this.#pos = end + 1;
    }
    return { name, attributes, children: this.#content(name), line };
  }

  #content(parent: string): (XmlElement | string)[] {
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (this.done()) this.fail(`<${parent}> is not closed`);
      if (this.#startsWith('</')) {
        this.#pos += 2;
        const name = this.#name();
        this.#skipSpace();
        if (name !== parent || !this.#startsWith('>')) this.fail(`expected </${parent}>`);
        this.#pos += 1;
        return children;
      }
      if (this.#startsWith('<!--')) this.#skipPast('-->', 'unterminated comment');
      else if (this.#startsWith('<?')) this.#skipPast('?>', 'unterminated processing instruction');
      else if (this.#startsWith('<![CDATA[')) {
        const end = this.#text.indexOf(']]>', this.#pos);
        if (end < 0) this.fail('unterminated CDATA section');
        children.push(this.#text.slice(this.#pos + 9, end));
        this.#pos = end + 3;
      } else if (this.#startsWith('<')) children.push(this.element());
      else {
        const end = this.#text.indexOf('<', this.#pos);
        const stop = end < 0 ? this.#text.length : end;
        children.push(this.#decode(this.#text.slice(this.#pos, stop), this.#pos));
        this.#pos = stop;
      }
    }
  }

  #decode(raw: string, at: number): string {
    return raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) this.fail(`"&" must be written &amp;`, at);
      if (Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref]!;
      const code = /^#x[0-9a-fA-F]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
      if (!Number.isInteger(code) || code > 0x10ffff) this.fail(`unknown entity &${ref};`, at);
      return String.fromCodePoint(code);
    });
  }

  #name(): string {
    NAME.lastIndex = this.#pos;
    const m = NAME.exec(this.#text);
    if (!m) this.fail('expected a name');
    this.#pos += m[0].length;
    return m[0];
  }

  #skipSpace(): void {
    while (/\s/.test(this.#text[this.#pos] ?? '')) this.#pos += 1;
  }

  #skipPast(terminator: string, message: string): void {
    const end = this.#text.indexOf(terminator, this.#pos);
    if (end < 0) this.fail(message);
    this.#pos = end + terminator.length;
  }

  #startsWith(s: string): boolean {
    return this.#text.startsWith(s, this.#pos);
  }

  #line(): number {
    return this.#text.slice(0, this.#pos).split('\n').length;
  }
}
