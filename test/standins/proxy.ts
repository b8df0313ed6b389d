/** Moved to source/sandbox/ (the sandbox's stand-ins are made of it); kept for test files that import it from here. */
export * from '../../source/sandbox/stand-in-proxy.js';
