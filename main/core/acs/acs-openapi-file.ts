/**
 * The OpenAPI file's text exactly as it is kept in docs/ (laid out by prettier, like every
 * file in the repository). Used by `npm run docs:acs-openapi` and the test that keeps the file
 * current; prettier is a development tool, so nothing at run time imports this.
 */
import { format, resolveConfig } from 'prettier';
import { ACS_OPENAPI_FILE, acsOpenApiText } from './acs-openapi.ts';

export { ACS_OPENAPI_FILE };

export async function acsOpenApiFileText(): Promise<string> {
  const options = (await resolveConfig(ACS_OPENAPI_FILE)) ?? {};
  return format(acsOpenApiText(), { ...options, filepath: ACS_OPENAPI_FILE });
}
