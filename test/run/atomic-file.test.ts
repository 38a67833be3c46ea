import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {removeTempFiles, writeFileAtomic} from '../../source/fs/atomic-file.js';

const tmp = mkdtempSync(join(tmpdir(), 'atomic-file-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe('writeFileAtomic', () => {
	it('replaces the file whole, owner-only, leaving no temp file', () => {
		const dir = mkdtempSync(join(tmp, 'ok-'));
		const file = join(dir, 'state.json');
		writeFileSync(file, 'old', {mode: 0o644});
		writeFileAtomic(file, 'new content ü', 0o600);
		expect(readFileSync(file, 'utf8')).toBe('new content ü');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir)).toEqual(['state.json']);
	});

	it('on a failure keeps the old file and removes its temp file', () => {
		const dir = mkdtempSync(join(tmp, 'fail-'));
		// A directory in the file's place: the rename fails after the temp file was written.
		const file = join(dir, 'state.json');
		mkdirSync(file);
		writeFileSync(join(file, 'inside'), 'kept');
		expect(() => writeFileAtomic(file, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
		expect(readdirSync(dir)).toEqual(['state.json']);
		expect(readFileSync(join(file, 'inside'), 'utf8')).toBe('kept');
	});

	it('a directory that is gone: the error says so and nothing is left', () => {
		expect(() => writeFileAtomic(join(tmp, 'no-such-dir', 'state.json'), 'x')).toThrow(/ENOENT/);
	});
});

describe('removeTempFiles', () => {
	it("removes only that file's temp files (ours and conf's naming)", () => {
		const dir = mkdtempSync(join(tmp, 'temps-'));
		for (const name of ['state.json', 'state.json.tmp-123-abcd', 'state.json.tmp-1732940000123', 'state.json.old', 'other.json.tmp-1']) writeFileSync(join(dir, name), '');
		expect(removeTempFiles(join(dir, 'state.json')).sort()).toEqual(['state.json.tmp-123-abcd', 'state.json.tmp-1732940000123']);
		expect(readdirSync(dir).sort()).toEqual(['other.json.tmp-1', 'state.json', 'state.json.old']);
		expect(removeTempFiles(join(tmp, 'missing', 'state.json'))).toEqual([]);
	});
});
