/** dynalite ships no types: the part the tests use. */
declare module 'dynalite' {
	import type {Server} from 'node:http';

	export type DynaliteOptions = {
		/** How long a new table stays CREATING (default 500). */
		createTableMs?: number;
		/** How long a deleted table stays DELETING (default 500). */
		deleteTableMs?: number;
		updateTableMs?: number;
		/** A LevelDB folder; in memory when absent. */
		path?: string;
	};

	export default function dynalite(options?: DynaliteOptions): Server;
}
