/** Types of scripts/wps-addin.mjs for the tests that call it. */
export interface WpsFunctionMetadataJson {
  name: string;
  jsName: string;
  description: string;
  parameters: { name: string; description: string; type: string }[];
  result: { type: string };
}
export const WPS_ADDIN_NAME: string;
export const WPS_NAMESPACE: string;
export function wpsFunctionsMetadata(root: string): Promise<WpsFunctionMetadataJson[]>;
export function wpsFunctionsJson(metadata: readonly WpsFunctionMetadataJson[]): string;
export function wpsManifestXml(options: { version: string; description: string }): string;
export function wpsRibbonXml(): string;
export function wpsPublishXml(version: string): string;
export function wpsJspluginsXml(baseUrl: string): string;
export function wpsOfflineZip(files: Record<string, Uint8Array>, version: string): Uint8Array;
export class WpsAddinPlugin {
  constructor(options: { metadata: readonly WpsFunctionMetadataJson[]; version: string; description: string });
  apply(compiler: unknown): void;
}
