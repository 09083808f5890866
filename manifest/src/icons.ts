import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** The app's accent colour: background of the colour icon, tile colour in Teams (manifest `accentColor`). */
export const ACCENT_COLOR = '#1F3A93';
/** Second brand colour: the compass needle in the colour icon. */
const GOLD = '#F2B705';

/** Icons packaged in the zip and named by the manifest `icons` property. */
export const APP_ICONS = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

/** Sizes of the ribbon button icons the Outlook extension points to (served as URLs). */
export const RIBBON_ICON_SIZES = [16, 32, 80] as const;

/** Ribbon icon size accepted by the manifest schema for this project. */
export type RibbonIconSize = (typeof RIBBON_ICON_SIZES)[number];

/** File name of the ribbon icon of one size. */
export function ribbonIconFile(size: RibbonIconSize): string {
  return `ribbon-${size}.png`;
}

/** SVG path of a four-pointed star centred at (c, c): points of radius `outer`, waist of radius `inner`. */
function starPath(c: number, outer: number, inner: number, rotationDeg: number): string {
  const points: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = ((rotationDeg + i * 45 - 90) * Math.PI) / 180;
    points.push(`${(c + radius * Math.cos(angle)).toFixed(3)},${(c + radius * Math.sin(angle)).toFixed(3)}`);
  }
  return `M${points.join('L')}Z`;
}

/** The compass-star mark on a 32-unit grid: a long four-point star over a short diagonal one. */
function markPaths(fill: string, diagonalFill: string, waist = 3.2): string {
  return (
    `<path d="${starPath(16, 9, waist * 0.7, 45)}" fill="${diagonalFill}"/>` + `<path d="${starPath(16, 15, waist, 0)}" fill="${fill}"/>`
  );
}

function svg(size: number, viewBox: number, body: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${viewBox} ${viewBox}">${body}</svg>`,
  );
}

async function renderColorIcon(): Promise<Buffer> {
  const size = APP_ICONS.color.size;
  const body =
    `<rect width="192" height="192" rx="36" fill="${ACCENT_COLOR}"/>` +
    `<g transform="translate(40 40) scale(3.5)">${markPaths('#FFFFFF', GOLD)}</g>` +
    `<circle cx="96" cy="96" r="7" fill="${GOLD}"/>`;
  return sharp(svg(size, 192, body))
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** White mark on transparent: the alpha of the rendered mark, every colour channel forced to 255. */
async function renderOutlineIcon(): Promise<Buffer> {
  const size = APP_ICONS.outline.size;
  const alpha = await sharp(svg(size, 32, markPaths('#FFFFFF', '#FFFFFF')))
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer();
  const rgba = Buffer.alloc(size * size * 4, 255);
  for (let i = 0; i < size * size; i += 1) rgba[i * 4 + 3] = alpha[i] ?? 0;
  return sharp(rgba, { raw: { width: size, height: size, channels: 4 } })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function renderRibbonIcon(size: RibbonIconSize): Promise<Buffer> {
  const waist = size <= 16 ? 4.6 : 3.2;
  return sharp(svg(size, 32, markPaths(ACCENT_COLOR, GOLD, waist)))
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** Renders every icon (app icons and ribbon icons) into `dir`; returns the files written. */
export async function renderIcons(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const outputs: [string, Buffer][] = [
    [APP_ICONS.color.file, await renderColorIcon()],
    [APP_ICONS.outline.file, await renderOutlineIcon()],
  ];
  for (const size of RIBBON_ICON_SIZES) outputs.push([ribbonIconFile(size), await renderRibbonIcon(size)]);
  for (const [file, bytes] of outputs) await writeFile(join(dir, file), bytes);
  return outputs.map(([file]) => join(dir, file));
}
