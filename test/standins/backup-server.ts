/** Moved to source/sandbox/ (the sandbox serves it too); kept for test files that import it from here. */
export * from '../../source/sandbox/backup-stand-in.js';
