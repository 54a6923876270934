//! A language model (per-token prices, or self-hosted on a server of its
//! own) and the speech-to-text of videos.

use super::{billing, At, ComponentKind, DriverRead, Estate, ExternalKey, Kind, TerraformRole};
use crate::engine::capacity::{per_user, shown, Fact, Limit, Measure, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::formula::{Formula, FormulaUnit};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::model::workload::Scenario;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Language model and transcription.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Llm {
    pub provider: Provider,
    /// A model of the price catalog for that provider (`gpt-4o-mini`), or of
    /// `capacity.yaml`'s self-hosted models for ollama.
    pub model: String,
    /// Speech-to-text for videos; none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcription: Option<Transcription>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Azure,
    Openai,
    Bedrock,
    /// Self-hosted: the server it runs on is a component of its own.
    Ollama,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Azure => "azure",
            Provider::Openai => "openai",
            Provider::Bedrock => "bedrock",
            Provider::Ollama => "ollama",
        }
    }
}

/// Speech-to-text of videos: a model of the LLM's provider (Whisper, or its
/// successors: gpt-4o-mini-transcribe on Azure, gpt-transcribe on OpenAI),
/// or Amazon Transcribe, which any provider's architecture can call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Transcription {
    Whisper,
    #[serde(rename = "gpt-transcribe")]
    GptTranscribe,
    #[serde(rename = "gpt-4o-mini-transcribe")]
    Gpt4oMiniTranscribe,
    Transcribe,
    None,
}

impl ComponentKind for Llm {
    fn kind(&self) -> Kind {
        Kind::Llm
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.non_empty("model", &self.model, "gpt-4o-mini")
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        let prefix = match self.provider {
            Provider::Azure => "azure.openai.",
            Provider::Openai => "openai.",
            Provider::Bedrock => "aws.bedrock.",
            // Self-hosted models have no per-token price: the server they
            // run on is a component of its own.
            Provider::Ollama => return Vec::new(),
        };
        let model = &self.model;
        let mut v = vec![
            charge(
                format!("{model} input tokens"),
                PriceRef::sized("model", prefix, model, ".input"),
                u.input_tokens,
                Basis::Usage,
            ),
            charge(
                format!("{model} output tokens"),
                PriceRef::sized("model", prefix, model, ".output"),
                u.output_tokens,
                Basis::Usage,
            ),
        ];
        if let Some((id, label, value)) = self.transcription_price() {
            v.push(charge(
                format!("{label} speech-to-text of videos"),
                PriceRef {
                    id,
                    field: "transcription",
                    family: None,
                    value: Some(value.to_string()),
                    inline: None,
                },
                u.video_minutes,
                Basis::Usage,
            ));
        }
        v
    }

    fn drivers(&self) -> Vec<DriverRead> {
        let mut v = match self.provider {
            Provider::Ollama => Vec::new(),
            _ => billing(&[
                "ai_calls",
                "cache_hit_rate",
                "input_tokens_per_call",
                "output_tokens_per_call",
            ]),
        };
        if self.provider != Provider::Ollama && self.transcription_price().is_some() {
            v.extend(billing(&["videos", "video_minutes"]));
        }
        if self.provider == Provider::Ollama {
            v.extend(
                [
                    "ai_calls",
                    "cache_hit_rate",
                    "output_tokens_per_call",
                    "concurrent_share",
                ]
                .iter()
                .map(|n| DriverRead::sizes(n)),
            );
        }
        v
    }

    fn size(&self) -> Size {
        Size(vec![SizePart::Name {
            name: self.model.clone(),
        }])
    }

    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        let llm = self;
        if self.provider != Provider::Ollama {
            // Per-token APIs hold whatever traffic they are billed for.
            return Ok(());
        }
        let cap = ctx.cap;
        let expected = ctx.expected();
        let model_name = llm.model.as_str();
        let m = ctx.lookup(
            &cap.self_hosted_models,
            "model",
            model_name,
            "self-hosted model",
            "self_hosted_models",
        )?;
        let hours = cap.assumptions.active_hours_per_user.value * Decimal::from(3600);
        let d = per_user(ctx.usage, |u| u.output_tokens * u.concurrent_users / hours);
        limits.push(
            ctx.limit(
                Resource::Throughput,
                Size::named(model_name),
                true,
                Measure::TokensPerSecond,
                m.tokens_per_second,
                d,
                Formula::new()
                    .figure("tokens_per_second", shown(m.tokens_per_second))
                    .word("on")
                    .text(&m.runs_on),
                Formula::new()
                    .word("output_tokens")
                    .number(shown(expected.output_tokens))
                    .word("a_month")
                    .op("×")
                    .figure("concurrent_share", expected.concurrent_users.normalize())
                    .op("/")
                    .op("(")
                    .figure(
                        "active_hours_per_user",
                        shown(cap.assumptions.active_hours_per_user.value),
                    )
                    .op("×")
                    .amount(Decimal::from(3600), FormulaUnit::Seconds)
                    .op(")")
                    .op("=")
                    .amount(
                        d.get(Scenario::Expected).round_dp(4).normalize(),
                        FormulaUnit::TokensPerSecond,
                    )
                    .per_user(),
                &m.source,
                m.uncertain,
            ),
        );
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "model"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        match self.provider {
            Provider::Azure => TerraformRole::ExternalKey(ExternalKey {
                resource: "azure_openai_api_key",
                name: "azure-openai-api-key",
                what: "Azure OpenAI API key",
                env: "AZURE_OPENAI_API_KEY",
            }),
            Provider::Openai => TerraformRole::ExternalKey(ExternalKey {
                resource: "openai_api_key",
                name: "openai-api-key",
                what: "OpenAI API key",
                env: "OPENAI_API_KEY",
            }),
            // Bedrock is reached with the task role; Ollama runs on the
            // team's own server.
            Provider::Bedrock | Provider::Ollama => TerraformRole::Nothing,
        }
    }
}

impl Llm {
    /// The catalog id, label and profile word of the transcription price.
    fn transcription_price(&self) -> Option<(String, &'static str, &'static str)> {
        let (word, label) = match self.transcription? {
            Transcription::None => return None,
            Transcription::Whisper => ("whisper", "Whisper"),
            Transcription::GptTranscribe => ("gpt-transcribe", "gpt-transcribe"),
            Transcription::Gpt4oMiniTranscribe => {
                ("gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe")
            }
            Transcription::Transcribe => {
                return Some((
                    "aws.transcribe.standard".to_string(),
                    "Amazon Transcribe",
                    "transcribe",
                ))
            }
        };
        let id = match self.provider {
            Provider::Azure => format!("azure.openai.{word}"),
            Provider::Openai => format!("openai.{word}"),
            Provider::Bedrock | Provider::Ollama => format!("aws.{word}"),
        };
        Some((id, label, word))
    }
}
