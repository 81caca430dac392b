// AI, communication, payments, productivity and monitoring services.
import { END, hexKey, named, prefixed, randomBody, SECRET_WORDS as S, UUID, type Rule } from '../kit.js';

/** A legacy Grafana key decodes to JSON whose `k` is the random key. */
function grafanaKey(value: string): boolean {
  try {
    const key: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return typeof key === 'object' && key !== null && 'k' in key && typeof key.k === 'string' && randomBody(key.k);
  } catch {
    return false;
  }
}

export const SAAS_RULES: readonly Rule[] = [
  // AI services
  prefixed('groq-api-key', 'Groq API key', ['gsk_'], '[A-Za-z0-9]{52}'),
  prefixed('perplexity-api-key', 'Perplexity API key', ['pplx-'], '[A-Za-z0-9]{48}'),
  prefixed('replicate-api-token', 'Replicate API token', ['r8_'], '[A-Za-z0-9]{37}'),
  prefixed('xai-api-key', 'xAI API key', ['xai-'], '[A-Za-z0-9]{80}'),
  prefixed('openrouter-api-key', 'OpenRouter API key', ['sk-or-v1-'], '[a-f0-9]{64}'),
  prefixed('langsmith-api-key', 'LangSmith API key', ['lsv2_pt_', 'lsv2_sk_'], '[a-f0-9]{32}_[a-f0-9]{10}'),
  prefixed('pinecone-api-key', 'Pinecone API key', ['pcsk_'], '[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80}'),
  named('cohere-api-key', 'Cohere API key', ['cohere'], S, '[A-Za-z0-9]{40}'),
  named('mistral-api-key', 'Mistral AI API key', ['mistral'], S, '[A-Za-z0-9]{32}'),
  named('deepseek-api-key', 'DeepSeek API key', ['deepseek'], S, 'sk-[a-f0-9]{32}'),
  named('wandb-api-key', 'Weights & Biases API key', ['wandb'], S, '[a-f0-9]{40}'),
  named('elevenlabs-api-key', 'ElevenLabs API key', ['elevenlabs', 'eleven_labs'], S, 'sk_[a-f0-9]{48}'),
  named('assemblyai-api-key', 'AssemblyAI API key', ['assemblyai', 'assembly_ai'], S, '[a-f0-9]{32}'),
  // Email and messaging
  {
    id: 'mailchimp-api-key',
    title: 'Mailchimp API key',
    severity: 'high',
    keywords: Array.from({ length: 10 }, (_, i) => `-us${i}`),
    // The data centre suffix (-us1 ... -us21) is part of every Mailchimp key.
    pattern: /(?<![A-Za-z0-9_-])([0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9_-])/g,
    validate: (v) => hexKey(v.slice(0, 32)),
    confidence: 'high',
  },
  named('mailgun-private-key', 'Mailgun private API key', ['mailgun'], S, '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}'),
  named('postmark-server-token', 'Postmark server token', ['postmark'], S, UUID),
  named('mandrill-api-key', 'Mandrill API key', ['mandrill'], S, '[A-Za-z0-9_-]{22}'),
  named('mailjet-api-key', 'Mailjet API secret', ['mailjet'], S, '[a-f0-9]{32}'),
  prefixed('brevo-api-key', 'Brevo (Sendinblue) API key', ['xkeysib-'], '[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  named('sparkpost-api-key', 'SparkPost API key', ['sparkpost'], S, '[a-f0-9]{40}'),
  named('discord-bot-token', 'Discord bot token', ['discord'], S, '[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'),
  {
    id: 'discord-webhook',
    title: 'Discord webhook URL',
    severity: 'high',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g,
    validate: (v) => randomBody(v.slice(v.lastIndexOf('/') + 1)),
    confidence: 'high',
  },
  {
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    severity: 'high',
    keywords: [':AA'],
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])(\d{8,10}:AA[A-Za-z0-9_-]{33})${END}`, 'g'),
    validate: (v) => randomBody(v.slice(v.indexOf(':') + 3)),
    confidence: 'medium',
  },
  {
    id: 'microsoft-teams-webhook',
    title: 'Microsoft Teams incoming webhook URL',
    severity: 'high',
    keywords: ['webhook.office.com'],
    pattern: new RegExp(String.raw`(https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/${UUID}@${UUID}/IncomingWebhook/[0-9a-f]{32}/${UUID}(?:/[A-Za-z0-9_-]+)?)`, 'g'),
    validate: (v) => randomBody(/IncomingWebhook\/([0-9a-f]{32})/.exec(v)?.[1] ?? ''),
    confidence: 'high',
  },
  named('zoom-secret', 'Zoom API or client secret', ['zoom'], ['secret'], '[A-Za-z0-9]{32}'),
  named('twitch-token', 'Twitch API token or client secret', ['twitch'], S, '[a-z0-9]{30}'),
  {
    id: 'twitter-bearer-token',
    title: 'X (Twitter) bearer token',
    severity: 'high',
    keywords: ['AAAAAAAAAAAAAAAAAAAAA'],
    // A run of A is also zero bytes in a base64 blob, where base64 characters come before it.
    pattern: /(?<![A-Za-z0-9%+/_-])(AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{60,120})(?![A-Za-z0-9%_-])/g,
    validate: (v) => randomBody(v.replace(/^A+/, '').replace(/%../g, '')),
    confidence: 'medium',
  },
  named('twitter-api-secret', 'X (Twitter) API secret', ['twitter'], ['secret'], '[A-Za-z0-9]{50}'),
  {
    id: 'facebook-access-token',
    title: 'Facebook (Meta) access token',
    severity: 'high',
    keywords: ['EAA'],
    // A token inside a base64 blob is preceded by base64 characters, so those are excluded on both sides.
    pattern: /(?<![A-Za-z0-9+/_-])(EAA[A-Za-z0-9]{100,})(?![A-Za-z0-9+/=_-])/g,
    validate: (v) => randomBody(v.slice(3)),
    confidence: 'medium',
  },
  named('facebook-app-secret', 'Facebook (Meta) app secret', ['facebook', 'fb_', 'fb-'], ['secret'], '[a-f0-9]{32}'),
  named('linkedin-client-secret', 'LinkedIn client secret', ['linkedin'], ['secret'], '[A-Za-z0-9]{16}'),
  // Payments and commerce
  {
    id: 'braintree-access-token',
    title: 'Braintree (PayPal) access token',
    severity: 'high',
    keywords: ['access_token$'],
    pattern: /(access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![0-9a-f])/g,
    validate: (v) => hexKey(v.slice(-32)),
    confidence: 'high',
  },
  named('paypal-client-secret', 'PayPal client secret', ['paypal'], ['secret'], '[A-Za-z0-9_-]{80}'),
  named('adyen-api-key', 'Adyen API key', ['adyen'], S, 'AQE[A-Za-z0-9+/=._-]{80,}'),
  prefixed('plaid-access-token', 'Plaid access token', ['access-production-', 'access-development-', 'access-sandbox-'], UUID),
  named('plaid-secret', 'Plaid secret', ['plaid'], ['secret'], '[a-f0-9]{30}'),
  prefixed('shippo-token', 'Shippo API token', ['shippo_live_', 'shippo_test_'], '[a-f0-9]{40}'),
  prefixed('easypost-api-key', 'EasyPost API key', ['EZAK', 'EZTK'], '[A-Za-z0-9]{54}'),
  prefixed('duffel-token', 'Duffel API token', ['duffel_live_', 'duffel_test_'], '[A-Za-z0-9_=-]{43}'),
  prefixed('flutterwave-secret-key', 'Flutterwave secret key', ['FLWSECK_TEST-', 'FLWSECK-'], '[a-f0-9]{32}-X'),
  named('razorpay-secret', 'Razorpay key secret', ['razorpay'], ['secret'], '[A-Za-z0-9]{24}'),
  named('gocardless-token', 'GoCardless access token', ['gocardless'], S, '(?:live|sandbox)_[A-Za-z0-9_=-]{40}'),
  // Productivity and CRM
  prefixed('hubspot-private-app-token', 'HubSpot private app token', ['pat-na1-', 'pat-eu1-'], UUID),
  named('hubspot-api-key', 'HubSpot legacy API key', ['hubspot', 'hapikey'], S, UUID),
  named('intercom-token', 'Intercom access token', ['intercom'], S, '[A-Za-z0-9=_-]{60}'),
  named('zendesk-token', 'Zendesk API token', ['zendesk'], S, '[A-Za-z0-9]{40}'),
  prefixed('linear-api-key', 'Linear API key', ['lin_api_'], '[A-Za-z0-9]{40}'),
  prefixed('linear-oauth-token', 'Linear OAuth token', ['lin_oauth_'], '[a-f0-9]{64}'),
  prefixed('notion-token', 'Notion integration token', ['ntn_'], '[0-9]{11}[A-Za-z0-9]{35}'),
  named('notion-legacy-token', 'Notion legacy integration token', ['notion'], S, 'secret_[A-Za-z0-9]{43}'),
  named('asana-token', 'Asana personal access token', ['asana'], S, '[0-2]/\\d{13,19}(?:/\\d{13,19})?:[0-9a-f]{32}'),
  prefixed('airtable-token', 'Airtable personal access token', ['pat'], '[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  named('airtable-legacy-key', 'Airtable legacy API key', ['airtable'], S, 'key[A-Za-z0-9]{14}'),
  prefixed('figma-token', 'Figma personal access token', ['figd_'], '[A-Za-z0-9_-]{40}'),
  prefixed('clickup-token', 'ClickUp personal token', ['pk_'], '\\d{6,9}_[A-Z0-9]{32}'),
  named('trello-token', 'Trello API token', ['trello'], S, '[a-f0-9]{64}|ATTA[A-Za-z0-9]{60,70}'),
  prefixed('typeform-token', 'Typeform personal access token', ['tfp_'], '[A-Za-z0-9_.=-]{59}'),
  prefixed('contentful-pat', 'Contentful personal access token', ['CFPAT-'], '[A-Za-z0-9_-]{43}'),
  named('contentful-delivery-token', 'Contentful delivery or preview token', ['contentful'], S, '[A-Za-z0-9_-]{43}'),
  named('algolia-admin-key', 'Algolia admin API key', ['algolia'], ['admin', 'write'], '[a-f0-9]{32}'),
  prefixed('mapbox-secret-token', 'Mapbox secret token', ['sk.eyJ'], '[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,}'),
  prefixed('dropbox-short-lived-token', 'Dropbox short-lived access token', ['sl.'], '(?:u\\.)?[A-Za-z0-9_-]{130,}'),
  named('dropbox-long-lived-token', 'Dropbox long-lived access token', ['dropbox'], S, '[A-Za-z0-9_-]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}', {
    validate: (v) => randomBody(v.slice(0, 11) + v.slice(21)),
  }),
  // Monitoring and analytics
  prefixed('grafana-cloud-token', 'Grafana Cloud access policy token', ['glc_'], '[A-Za-z0-9+/]{32,400}={0,2}'),
  prefixed('grafana-service-account-token', 'Grafana service account token', ['glsa_'], '[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  // The base64 of {"k":"<key>","n":"<name>","id":<org>}: a short name and org id leave only about 64 characters after the prefix.
  prefixed('grafana-api-key', 'Grafana legacy API key', ['eyJrIjoi'], '[A-Za-z0-9+/]{56,400}={0,2}', { validate: grafanaKey }),
  named('honeycomb-key', 'Honeycomb API key', ['honeycomb'], S, '[A-Za-z0-9]{22}|[A-Za-z0-9]{32}|hc[a-z]{2}_[a-z0-9]{58}'),
  named('pagerduty-key', 'PagerDuty API or integration key', ['pagerduty', 'pager_duty'], S, '(?:u\\+)?[A-Za-z0-9_+-]{20}|[a-f0-9]{32}'),
  named('sumologic-key', 'Sumo Logic access key', ['sumologic', 'sumo_logic'], S, '[A-Za-z0-9]{64}'),
  named('rollbar-token', 'Rollbar access token', ['rollbar'], S, '[a-f0-9]{32}'),
  named('bugsnag-key', 'Bugsnag API key', ['bugsnag'], S, '[a-f0-9]{32}'),
  named('new-relic-license-key', 'New Relic license key', ['newrelic', 'new_relic', 'new-relic'], ['license'], '[a-f0-9]{40}'),
  named('segment-write-key', 'Segment write key', ['segment'], ['write_key', 'writekey', 'write-key', 'writeKey'], '[A-Za-z0-9]{32}', { keyOnWords: true }),
  named('mixpanel-secret', 'Mixpanel API secret', ['mixpanel'], ['secret'], '[a-f0-9]{32}'),
];
