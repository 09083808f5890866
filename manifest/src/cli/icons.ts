import { relative } from 'node:path';
import { renderIcons } from '../icons.js';
import { ICONS_DIR } from '../paths.js';

const written = await renderIcons(ICONS_DIR);
for (const file of written) console.log(`wrote ${relative(process.cwd(), file)}`);
