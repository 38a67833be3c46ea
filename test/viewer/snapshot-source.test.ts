// A source's snapshot is one object until something changes: React's useSyncExternalStore takes a
// new object on every call for a change, renders again, and warns that getSnapshot is not cached.
import {describe, expect, it} from 'vitest';
import {SnapshotSource} from '../../source/viewer/snapshot-source.js';
import type {ViewerData} from '../../source/viewer/view-types.js';

class Counting extends SnapshotSource {
	builds = 0;
	protected build(): ViewerData {
		this.builds++;
		return {builds: this.builds} as unknown as ViewerData;
	}
	protected loadDetail(): void {}
}

describe('SnapshotSource', () => {
	it('gives the same snapshot until something changes, then a new one', () => {
		const source = new Counting();
		const first = source.snapshot();
		expect(source.snapshot()).toBe(first);
		expect(source.builds).toBe(1);
		source.selectStep(0);
		expect(source.snapshot()).not.toBe(first);
		expect(source.snapshot()).toBe(source.snapshot());
	});
});
