import { StringDecoder } from "node:string_decoder";

/**
 * Splits a TCP byte stream into `\n`-terminated lines (contract "Sockets").
 * A packet may end mid-line, mid-character, or hold several lines; the
 * StringDecoder keeps a multi-byte UTF-8 character that straddles two packets
 * whole instead of turning each half into U+FFFD.
 */
export class LineDecoder {
  private readonly text = new StringDecoder("utf8");
  private pieces: string[] = [];
  private pendingChars = 0;

  /**
   * @param maxLineChars longest line accepted, in UTF-16 code units; checked
   *   as bytes arrive so a peer that never sends `\n` cannot grow the buffer
   *   without bound. Range: >= 1.
   */
  constructor(private readonly maxLineChars: number) {}

  /**
   * Feeds one chunk and returns the lines it completed, without their `\n`
   * (and without a trailing `\r`); empty lines are skipped.
   *
   * @throws RangeError when a line grows past `maxLineChars`
   */
  push(chunk: Buffer): string[] {
    let text = this.text.write(chunk);
    const lines: string[] = [];

    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n")) {
      this.append(text.slice(0, end));
      lines.push(this.pieces.join(""));
      this.pieces = [];
      this.pendingChars = 0;
      text = text.slice(end + 1);
    }
    this.append(text);

    return lines.map(stripCarriageReturn).filter((line) => line.length > 0);
  }

  private append(text: string): void {
    if (text.length === 0) return;

    this.pendingChars += text.length;
    if (this.pendingChars > this.maxLineChars) {
      throw new RangeError(
        `line over ${this.maxLineChars} characters without a newline`,
      );
    }
    this.pieces.push(text);
  }
}

/**
 * Parses one frame (a WebSocket text frame or a TCP line) into the JSON
 * object the contract promises.
 *
 * @throws SyntaxError when the text is not JSON or not a JSON object
 */
export function parseFrame(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SyntaxError("expected a JSON object per frame");
  }

  return value as Record<string, unknown>;
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
