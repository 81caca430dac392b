// The ids of the secret rules, in the order secrets/rules.ts defines them. A leaf module: the policy
// validates `secrets.disable_rules` against it without importing the scanner (policy/ never imports secrets/).
export const SECRET_RULE_IDS = [
  'aws-access-key-id',
  'aws-secret-access-key',
  'google-api-key',
  'google-oauth-client-secret',
  'google-service-account',
  'azure-storage-key',
  'azure-ad-client-secret',
  'github-token',
  'github-fine-grained-token',
  'gitlab-token',
  'npm-token',
  'pypi-token',
  'docker-hub-token',
  'slack-token',
  'slack-webhook',
  'twilio-api-key',
  'twilio-auth-token',
  'sendgrid-api-key',
  'mailgun-api-key',
  'stripe-key',
  'square-token',
  'shopify-token',
  'openai-api-key',
  'anthropic-api-key',
  'huggingface-token',
  'datadog-key',
  'new-relic-key',
  'sentry-dsn',
  'heroku-api-key',
  'jwt',
  'private-key',
  'database-url',
  'url-credentials',
  'generic-secret',
] as const;

export type SecretRuleId = (typeof SECRET_RULE_IDS)[number];

/** How sure a rule's match is, surest first; the policy's `min_confidence` takes one of these (policy/ cannot import secrets/). */
export const CONFIDENCES = ['high', 'medium', 'low'] as const;

export type Confidence = (typeof CONFIDENCES)[number];
