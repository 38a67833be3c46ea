// What the Ink app is given: snapshots of plain data, and requests it can make. A live run
// directory and a replay both implement it; the app cannot tell them apart.
import type {ViewerData} from './view-types.js';

export interface RequestResult {
	ok: boolean;
	message: string;
}

export interface ResumeOptions {
	/** The failed step runs again on the hosts that failed only (resume --failed-hosts). */
	failedHosts?: boolean;
}

export interface ViewerSource {
	subscribe(listener: () => void): () => void;
	snapshot(): ViewerData;
	/** Which step's matrix to show; null follows the running step. */
	selectStep(index: number | null): void;
	/** Loads the detail of a cell of the shown matrix into the snapshot (null clears it). */
	selectCell(cell: {row: number; col: number} | null): void;
	setLogOpen(open: boolean): void;
	pause(): RequestResult;
	resume(options?: ResumeOptions): RequestResult;
	abort(): RequestResult;
	close(): void;
}
