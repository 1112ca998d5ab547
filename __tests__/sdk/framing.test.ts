import { LineDecoder, parseFrame } from "../../src/sdk/framing";

describe("SDK: LineDecoder", () => {
  const text = '{"a":"é€😀"}\n{"b":2}\r\n\n{"c":3}\n';

  test("yields the same lines whichever byte the stream is cut at", () => {
    const bytes = Buffer.from(text);

    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const decoder = new LineDecoder(1024);
      const lines = [
        ...decoder.push(bytes.subarray(0, cut)),
        ...decoder.push(bytes.subarray(cut)),
      ];
      expect(lines).toEqual(['{"a":"é€😀"}', '{"b":2}', '{"c":3}']);
    }
  });

  test("yields the same lines when fed one byte at a time", () => {
    const decoder = new LineDecoder(1024);
    const lines: string[] = [];
    for (const byte of Buffer.from(text)) {
      lines.push(...decoder.push(Buffer.from([byte])));
    }

    expect(lines).toEqual(['{"a":"é€😀"}', '{"b":2}', '{"c":3}']);
  });

  test("holds back an unterminated line", () => {
    const decoder = new LineDecoder(1024);

    expect(decoder.push(Buffer.from('{"a":1}\n{"b"'))).toEqual(['{"a":1}']);
    expect(decoder.push(Buffer.from(":2}\n"))).toEqual(['{"b":2}']);
  });

  test("throws once a line grows past the limit", () => {
    const decoder = new LineDecoder(8);
    decoder.push(Buffer.from("12345"));

    expect(() => decoder.push(Buffer.from("6789"))).toThrow(RangeError);
  });
});

describe("SDK: parseFrame", () => {
  test("accepts a JSON object", () => {
    expect(parseFrame('{"id":1}')).toEqual({ id: 1 });
  });

  test.each(["[1]", "null", "3", "nope"])("refuses %s", (text) => {
    expect(() => parseFrame(text)).toThrow(SyntaxError);
  });
});
