/** Moved to source/sandbox/ (the sandbox starts moto too); the tests' global setup and helpers import it from here. */
export * from '../../source/sandbox/moto-server.js';
