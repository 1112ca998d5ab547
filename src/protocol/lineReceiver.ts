/**
 * Splits a TCP byte stream into newline-terminated lines. Partial lines wait
 * for more bytes; `\r\n` is accepted; a line longer than `maxBytes` is
 * reported as soon as its bytes exceed the limit, before it is complete, so
 * a client cannot make the server buffer without bound.
 */
export type LineResult =
  | { kind: "line"; text: string }
  | { kind: "invalidUtf8" }
  | { kind: "tooLong" };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class LineReceiver {
  private parts: Buffer[] = [];
  private pending = 0;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(private readonly maxBytes: number) {}

  /** Feeds a chunk; returns every complete line (or a fatal tooLong). */
  push(chunk: Buffer): LineResult[] {
    const results: LineResult[] = [];
    let start = 0;
    for (
      let newline = chunk.indexOf(NEWLINE);
      newline !== -1;
      newline = chunk.indexOf(NEWLINE, start)
    ) {
      if (this.pending + newline - start > this.maxBytes)
        return [...results, { kind: "tooLong" }];
      this.parts.push(chunk.subarray(start, newline));
      results.push(this.take());
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (this.pending + rest.length > this.maxBytes)
      return [...results, { kind: "tooLong" }];
    if (rest.length > 0) {
      this.parts.push(rest);
      this.pending += rest.length;
    }
    return results;
  }

  private take(): LineResult {
    let line =
      this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN)
      line = line.subarray(0, -1);
    try {
      return { kind: "line", text: this.decoder.decode(line) };
    } catch {
      return { kind: "invalidUtf8" };
    }
  }
}
