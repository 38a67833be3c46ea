// Copies the non-TypeScript parts of the package (the Python callback plugin) into dist/.
import {cpSync, chmodSync, mkdirSync} from 'node:fs';

mkdirSync('dist/ansible/callback', {recursive: true});
cpSync('source/ansible/callback', 'dist/ansible/callback', {recursive: true});
chmodSync('dist/cli.js', 0o755);
