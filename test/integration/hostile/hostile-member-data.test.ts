/** Hostile input against member import, data cleaning and export. */
import { describeHostileArea } from './hostile-harness.ts';

describeHostileArea('member import, cleaning, export', ['/api/member-import', '/api/member-cleaning', '/api/member-export']);
