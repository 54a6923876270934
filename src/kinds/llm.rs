//! A language model (per-token prices, or self-hosted on a server of its
//! own) and the speech-to-text of videos.

use super::{billing, At, ComponentKind, DriverRead, Estate, Kind};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Transcription {
    Whisper,
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

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }
}

impl Llm {
    /// The catalog id, label and profile word of the transcription price.
    fn transcription_price(&self) -> Option<(String, &'static str, &'static str)> {
        let (word, label) = match self.transcription? {
            Transcription::None => return None,
            Transcription::Whisper => ("whisper", "Whisper"),
            Transcription::Transcribe => ("transcribe", "Amazon Transcribe"),
        };
        let id = match (self.provider, word) {
            (Provider::Azure, t) => format!("azure.openai.{t}"),
            (Provider::Openai, t) => format!("openai.{t}"),
            (_, "transcribe") => "aws.transcribe.standard".to_string(),
            (_, t) => format!("aws.{t}"),
        };
        Some((id, label, word))
    }
}
