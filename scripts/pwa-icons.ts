// `npx tsx scripts/pwa-icons.ts`: renders packages/ui/public/icons/icon.svg to the PNG sizes the
// web app manifest names, with Debian's Chromium. Run again after changing the SVG; commit the PNGs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../e2e/support/browser.js";

const dir = fileURLToPath(new URL("../packages/ui/public/icons/", import.meta.url));
const svg = readFileSync(`${dir}icon.svg`, "utf8");
const browser = await launchBrowser();
try {
  // A maskable icon is full-bleed: the launcher cuts its own shape out of it.
  const maskable = svg.replace('rx="96"', 'rx="0"');
  for (const [name, size, source] of [
    ["icon-192", 192, svg],
    ["icon-512", 512, svg],
    ["maskable-512", 512, maskable],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`);
    await page.screenshot({ path: `${dir}${name}.png`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
