import { stowageVitestConfig } from '../../vitest.shared.js';

export default stowageVitestConfig();
