//! Where a component runs, as far as reaching it goes: what it calls from,
//! who may call it, and whether it only forwards to targets. Each kind says
//! its own ([`super::ComponentKind::network`]); the engine checks every link
//! a tier declares (`reaches:`) against them ([`crate::engine::reach`]).

use super::Spec;

/// Where a component's own calls leave from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Egress {
    /// Inside the team's AWS VPC: reaches private endpoints of that VPC.
    Vpc,
    /// The public internet from addresses that do not change (a server, or
    /// a platform's fixed-egress option): an allow-list can name them.
    FixedAddresses,
    /// The public internet from addresses that change (serverless functions
    /// of a hosting platform): no allow-list can name them but 0.0.0.0/0.
    ChangingAddresses,
    /// It calls nothing (a store, a queue's storage, a line of the bill).
    CallsNothing,
}

/// Who can open a connection to a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingress {
    /// Anyone on the internet with its credentials, over TLS (a vendor API,
    /// S3, a managed Redis with a public TLS endpoint).
    Anyone,
    /// The internet, but only from the addresses of an allow-list (a
    /// publicly accessible RDS instance behind its security group).
    AllowList,
    /// Only from inside its VPC (ElastiCache, a private RDS instance).
    VpcOnly,
    /// Nothing connects to it: a NAT gateway, an address, a bill line.
    NotAService,
}

/// A kind's place on the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    pub egress: Egress,
    pub ingress: Ingress,
    /// It only forwards to the components it reaches (a load balancer): it
    /// needs at least one that runs code.
    pub forwards: bool,
}

impl Network {
    pub const fn new(egress: Egress, ingress: Ingress) -> Self {
        Network {
            egress,
            ingress,
            forwards: false,
        }
    }

    /// A service reached over TLS with its credentials that calls nothing
    /// itself: a bucket, a vendor's API, a managed store.
    pub const fn store() -> Self {
        Network::new(Egress::CallsNothing, Ingress::Anyone)
    }

    /// Code run by a platform on the public internet, leaving from
    /// addresses that change (serverless functions, a CDN's edges).
    pub const fn roaming() -> Self {
        Network::new(Egress::ChangingAddresses, Ingress::Anyone)
    }

    /// A bill line or an address: not on the network as a service.
    pub const fn none() -> Self {
        Network::new(Egress::CallsNothing, Ingress::NotAService)
    }

    /// Whether it runs code that can call other components.
    pub fn runs_code(&self) -> bool {
        self.egress != Egress::CallsNothing && !self.forwards
    }
}

/// A change to one component a kind offers to make a link work: the new
/// spec of the same component, and what it is in a few words.
#[derive(Debug, Clone, PartialEq)]
pub struct Remedy {
    pub en: String,
    pub fr: String,
    pub spec: Spec,
}

/// The side of a link a remedy changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The component that calls: change where its calls leave from.
    Caller,
    /// The component called: change who may reach it.
    Target,
    /// Move it inside the VPC, private (when a service in the VPC is added
    /// to reach it and a NAT gateway puts the VPC's subnets behind it).
    Inside,
}
