// Built by the `openapiLimits` plugin in vite.config.ts from ../openapi/openapi.json.
declare module "virtual:openapi-limits" {
  type Limits = {
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    minItems?: number;
    maxItems?: number;
    minimum?: number;
    maximum?: number;
    items?: Limits;
  };
  const limits: Record<string, Record<string, Limits>>;
  export default limits;
}
