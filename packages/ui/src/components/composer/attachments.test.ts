import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES, mentionFile, mimeOf, readAttachments, sizeWords } from "./attachments";

describe("attachments", () => {
  it("reads files as data URLs with their mime type", async () => {
    const png = new File([new Uint8Array([137, 80, 78, 71])], "shot.png", { type: "image/png" });
    const notes = new File(["hello"], "notes.md");
    const { attached, refused } = await readAttachments([png, notes]);
    expect(refused).toEqual([]);
    expect(attached.map((a) => [a.filename, a.mime, a.size])).toEqual([
      ["shot.png", "image/png", 4],
      ["notes.md", "text/plain", 5],
    ]);
    expect(attached[0]?.url).toBe("data:image/png;base64,iVBORw==");
    expect(attached[1]?.url).toBe(`data:text/plain;base64,${btoa("hello")}`);
  });

  it("refuses a file over the limit in words and still attaches the others", async () => {
    const big = new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], "huge.bin");
    const small = new File(["x"], "small.txt");
    const { attached, refused } = await readAttachments([big, small]);
    expect(attached.map((a) => a.filename)).toEqual(["small.txt"]);
    expect(refused).toEqual(["huge.bin is 10.0 MB; attachments can be at most 10.0 MB. It was not attached."]);
  });

  it("names sizes and mime types", () => {
    expect(sizeWords(1_500_000)).toBe("1.4 MB");
    expect(sizeWords(100)).toBe("1 KB");
    expect(mimeOf({ name: "a.bin", type: "" })).toBe("application/octet-stream");
  });

  it("turns a found path into a file:// part under the server's directory", () => {
    expect(mentionFile("/tmp/fleet/alpha", "src/my file.ts")).toMatchObject({
      url: "file:///tmp/fleet/alpha/src/my%20file.ts",
      filename: "my file.ts",
      mime: "text/plain",
    });
  });
});
