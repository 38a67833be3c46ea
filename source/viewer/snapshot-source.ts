// What every viewer source shares: listeners, the last snapshot, and which step and cell the
// operator looks at. A source says how to build a snapshot and how to read a cell's detail.
import type {CellDetail} from '../matrix/types.js';
import type {ViewerData} from './view-types.js';

export abstract class SnapshotSource {
	protected readonly listeners = new Set<() => void>();
	protected selected: number | null = null;
	protected cell: {row: number; col: number} | null = null;
	protected detail: CellDetail | null = null;
	private data: ViewerData | null = null;

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** The same object until something changes: React's useSyncExternalStore compares by identity. */
	snapshot(): ViewerData {
		this.data ??= this.build();
		return this.data;
	}

	selectStep(index: number | null): void {
		this.selected = index;
		this.cell = null;
		this.detail = null;
		this.changed();
	}

	selectCell(cell: {row: number; col: number} | null): void {
		this.cell = cell;
		this.detail = null;
		this.loadDetail();
		this.changed();
	}

	/** Builds a new snapshot and tells the listeners. */
	protected changed(): void {
		this.data = this.build();
		for (const listener of this.listeners) listener();
	}

	protected abstract build(): ViewerData;
	/** Reads the selected cell's detail into `this.detail`. */
	protected abstract loadDetail(): void;
}
