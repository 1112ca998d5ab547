import { readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCodes } from "../../src/errors/codes";

const DOC = path.join(__dirname, "..", "..", "docs", "errors.md");

interface DocSection {
  code: string;
  status: number | null;
  category: string | null;
  paragraph: string;
}

/** The `## CODE` sections of docs/errors.md, in order. */
function readSections(): DocSection[] {
  const text = readFileSync(DOC, "utf8");
  return text
    .split(/^## /m)
    .slice(1)
    .map((block) => {
      const [heading, ...rest] = block.split("\n");
      const body = rest.join("\n");
      const facts = /^Status (\d{3}) · category `(\w+)`$/m.exec(body);
      return {
        code: heading.trim(),
        status: facts ? Number(facts[1]) : null,
        category: facts ? facts[2] : null,
        paragraph: body.replace(/^Status .*$/m, "").trim(),
      };
    });
}

describe("Errors: registry and docs/errors.md", () => {
  const sections = readSections();
  const codes = Object.keys(ErrorCodes) as Array<keyof typeof ErrorCodes>;

  test("has one section per registry code and no others", () => {
    const headings = sections.map((s) => s.code);
    expect([...headings].sort()).toEqual([...codes].sort());
    expect(new Set(headings).size).toBe(headings.length);
  });

  test.each(codes)(
    "documents %s with the registry's status and category",
    (code) => {
      const section = sections.find((s) => s.code === code);
      expect(section).toBeDefined();
      expect({ status: section!.status, category: section!.category }).toEqual({
        status: ErrorCodes[code].status,
        category: ErrorCodes[code].category,
      });
      expect(section!.paragraph.length).toBeGreaterThan(80);
    },
  );

  test("keeps the contract's statuses in the registry", () => {
    const contract: Record<string, number> = {
      BAD_REQUEST: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      USERNAME_TAKEN: 409,
      INSUFFICIENT_FUNDS: 409,
      IDEMPOTENCY_CONFLICT: 409,
      VALIDATION_FAILED: 422,
      TOO_LARGE: 413,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      UNAVAILABLE: 503,
    };
    const registry = Object.fromEntries(
      codes.map((code) => [code, ErrorCodes[code].status]),
    );
    expect(registry).toEqual(contract);
  });
});
