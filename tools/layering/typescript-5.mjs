/**
 * dependency-cruiser reads TypeScript through its JavaScript API, which TypeScript 7 (the project's compiler) no
 * longer has: inside dependency-cruiser, and only there, `typescript` resolves to TypeScript 5 (the package alias
 * `typescript-5`), for ES imports (a resolve hook) and for require (its version check).
 */
import Module, { register } from 'node:module';

register('./typescript-5-hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const fromCruiser = parent?.filename?.includes('/node_modules/dependency-cruiser/');
  const target = fromCruiser && /^typescript(\/|$)/.test(request) ? request.replace(/^typescript/, 'typescript-5') : request;
  return resolveFilename.call(this, target, parent, ...rest);
};
