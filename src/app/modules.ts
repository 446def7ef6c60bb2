// The modules of Jiandu. Adding a module is adding its folder and one line here.
import type { ModuleDefinition } from '../core/module.js';
import { auditModule } from '../modules/audit/index.js';
import { cluesModule } from '../modules/clues/index.js';
import { dashboardModule } from '../modules/dashboard/index.js';
import { ledgerModule } from '../modules/ledger/index.js';
import { inquiriesModule } from '../modules/inquiries/index.js';
import { petitionsModule } from '../modules/petitions/index.js';
import { registryModule } from '../modules/registry/index.js';
import { talksModule } from '../modules/talks/index.js';
import { usersModule } from '../modules/users/index.js';
import { warningsModule } from '../modules/warnings/index.js';

export const MODULES: readonly ModuleDefinition[] = [
  usersModule, registryModule, auditModule, warningsModule, dashboardModule, ledgerModule, talksModule, inquiriesModule, petitionsModule, cluesModule,
];
