// The fonts a PDF is set in, looked up on this machine at run time: a PDF embeds (a subset of) the fonts it uses,
// so the program ships none and every name prints in the customer's own script.
//
// DejaVu Sans (Debian fonts-dejavu-core) sets Latin, Greek and Cyrillic; Noto Sans CJK (fonts-noto-cjk) sets
// Chinese, Japanese and Korean where DejaVu has no glyph. Both are free to embed (Bitstream Vera licence, SIL OFL).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IoError } from './txn.js';

export interface FontFace {
  /** Where it was found, for messages. */
  readonly file: string;
  readonly data: Buffer;
  /** The face inside a font collection (.ttc), else undefined. */
  readonly postscriptName: string | undefined;
}

export interface FontFamily {
  readonly name: string;
  readonly regular: FontFace;
  readonly bold: FontFace;
}

export interface PdfFonts {
  readonly main: FontFamily;
  /** For the glyphs the main family lacks; null when no such font is installed. */
  readonly fallback: FontFamily | null;
}

interface Candidate {
  readonly name: string;
  readonly regular: readonly [file: string, postscript?: string];
  readonly bold: readonly [file: string, postscript?: string];
}

const MAIN: readonly Candidate[] = [
  { name: 'DejaVu Sans', regular: ['DejaVuSans.ttf'], bold: ['DejaVuSans-Bold.ttf'] },
];

const FALLBACK: readonly Candidate[] = [
  { name: 'Noto Sans CJK', regular: ['NotoSansCJK-Regular.ttc', 'NotoSansCJKjp-Regular'], bold: ['NotoSansCJK-Bold.ttc', 'NotoSansCJKjp-Bold'] },
  { name: 'Noto Sans CJK', regular: ['NotoSansCJKjp-Regular.otf'], bold: ['NotoSansCJKjp-Bold.otf'] },
  { name: 'Droid Sans Fallback', regular: ['DroidSansFallbackFull.ttf'], bold: ['DroidSansFallbackFull.ttf'] },
];

export const FONT_INSTALL_HINT = 'install the fonts with `apt-get install fonts-dejavu-core fonts-noto-cjk` (Debian, Ubuntu), or name a directory holding DejaVuSans.ttf, DejaVuSans-Bold.ttf, NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc in ARLEDGER_FONT_PATH';

/** Where fonts are looked for: the directories of ARLEDGER_FONT_PATH (separated by ':') when set, else the usual places. */
export function fontDirs(env: Readonly<Record<string, string | undefined>>): string[] {
  const own = (env['ARLEDGER_FONT_PATH'] ?? '').split(path.delimiter).filter((d) => d !== '');
  if (own.length > 0) return own;
  return [path.join(os.homedir(), '.local/share/fonts'), path.join(os.homedir(), '.fonts'), '/usr/local/share/fonts', '/usr/share/fonts'];
}

/** Every font file under the directories, by file name; the first found wins. Depth-limited: font trees are shallow. */
function index(dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 4) walk(p, depth + 1);
      else if (/\.(ttf|otf|ttc)$/i.test(e.name) && !out.has(e.name)) out.set(e.name, p);
    }
  };
  for (const d of dirs) walk(d, 0);
  return out;
}

function load(file: string, postscriptName: string | undefined): FontFace {
  try {
    return { file, data: fs.readFileSync(file), postscriptName };
  } catch (e) {
    throw new IoError(`cannot read the font ${file}: ${(e as Error).message}`);
  }
}

function pick(found: Map<string, string>, list: readonly Candidate[]): FontFamily | null {
  for (const c of list) {
    const r = found.get(c.regular[0]);
    const b = found.get(c.bold[0]);
    if (r && b) return { name: c.name, regular: load(r, c.regular[1]), bold: load(b, c.bold[1]) };
  }
  return null;
}

/** The fonts for a PDF; without the main family no PDF can be made, which is said with what to install. */
export function findPdfFonts(env: Readonly<Record<string, string | undefined>>): PdfFonts {
  const found = index(fontDirs(env));
  const main = pick(found, MAIN);
  if (!main) throw new IoError(`cannot make a PDF: the font DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf) is not installed — ${FONT_INSTALL_HINT}`);
  return { main, fallback: pick(found, FALLBACK) };
}
