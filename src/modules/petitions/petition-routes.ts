import type { Api, ModuleContext } from '../../core/module.js';

export function petitionRoutes(_app: Api, _ctx: ModuleContext): void {}
