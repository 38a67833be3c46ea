import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {attachedBench} from './attached.js';
const dir = mkdtempSync(join(tmpdir(), 'att-'));
await attachedBench((name, value, unit) => console.log(name, value.toFixed(1), unit), dir, {cpuPercent: 3, rssMb: 120}, 30);
