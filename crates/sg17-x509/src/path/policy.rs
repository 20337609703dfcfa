//! Certificate policy processing (RFC 5280 6.1.2 (a),(d)-(f), 6.1.3 (d)-(f), 6.1.4 (a),(b),
//! (h)-(j), 6.1.5 (a),(b),(g)) built on the policy *graph* of RFC 9618 5.2-5.5 rather than
//! the exponential `valid_policy_tree`.
//!
//! At each depth the graph holds at most one node per policy OID (RFC 9618 5.2), so its size
//! grows with the number of policies and mappings in the path, not with their product.
//! Node and edge counts are still capped ([`PolicyOptions::max_nodes`],
//! [`PolicyOptions::max_edges`]) so that a hostile path is refused with an error instead of
//! spending memory. Policy qualifiers are not tracked (RFC 9618 4.2 and 5.5 (g)(4)(ii)
//! allow omitting them).
//!
//! ```
//! use sg17_x509::path::policy::{CertPolicyInfo, PolicyOptions, PolicyProcessor};
//! let p1: Vec<u8> = "2.16.840.1.101.3.2.1.48.1".parse::<sg17_asn1::Oid>()?.as_bytes().to_vec();
//! let ca = CertPolicyInfo { policies: Some(vec![p1.clone()]), ..CertPolicyInfo::default() };
//! let ee = ca.clone();
//! let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
//! pp.process_info(&ca)?;
//! pp.process_info(&ee)?;
//! let out = pp.finish()?;
//! assert_eq!(out.user_constrained_policy_set, vec![p1]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::oids;
use crate::{Certificate, ParsedExtension};
use core::fmt;
use std::collections::{HashMap, HashSet};

/// Inputs of RFC 5280 6.1.1 (c), (e), (f), (g) that concern policies, and resource limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyOptions {
    /// user-initial-policy-set (6.1.1 (c)) as OID contents octets. Empty, or containing
    /// anyPolicy, means {anyPolicy}.
    pub initial_policy_set: Vec<Vec<u8>>,
    /// initial-explicit-policy (6.1.1 (f)).
    pub initial_explicit_policy: bool,
    /// initial-policy-mapping-inhibit (6.1.1 (e)).
    pub initial_policy_mapping_inhibit: bool,
    /// initial-any-policy-inhibit (6.1.1 (g)).
    pub initial_any_policy_inhibit: bool,
    /// Most graph nodes ever created over the whole path, pruned ones included
    /// (default 10 000).
    pub max_nodes: usize,
    /// Most parent edges ever created over the whole path (default 100 000).
    pub max_edges: usize,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            initial_policy_set: Vec::new(),
            initial_explicit_policy: false,
            initial_policy_mapping_inhibit: false,
            initial_any_policy_inhibit: false,
            max_nodes: 10_000,
            max_edges: 100_000,
        }
    }
}

/// The policy-related content of one certificate, as the processor consumes it.
///
/// [`CertPolicyInfo::from_certificate`] extracts it; tests and callers with other
/// certificate sources can fill it directly. OIDs are DER contents octets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertPolicyInfo {
    /// certificatePolicies policy identifiers (RFC 5280 4.2.1.4); `None` when the extension
    /// is absent.
    pub policies: Option<Vec<Vec<u8>>>,
    /// policyMappings (issuerDomainPolicy, subjectDomainPolicy) pairs (RFC 5280 4.2.1.5);
    /// empty when the extension is absent.
    pub mappings: Vec<(Vec<u8>, Vec<u8>)>,
    /// policyConstraints requireExplicitPolicy (RFC 5280 4.2.1.11).
    pub require_explicit_policy: Option<u32>,
    /// policyConstraints inhibitPolicyMapping (RFC 5280 4.2.1.11).
    pub inhibit_policy_mapping: Option<u32>,
    /// inhibitAnyPolicy SkipCerts (RFC 5280 4.2.1.14).
    pub inhibit_any_policy: Option<u32>,
    /// Whether issuer and subject match (RFC 5280 6.1: self-issued).
    pub self_issued: bool,
}

impl CertPolicyInfo {
    /// Extracts the policy extensions of `cert`; a malformed one is an error carrying the
    /// extension's clause.
    pub fn from_certificate(cert: &Certificate<'_>) -> Result<Self, PolicyError> {
        let ext = cert.extensions();
        let bad = |e: crate::Error| PolicyError::new(e.clause(), PolicyErrorKind::MalformedExtension(e));
        let mut info = CertPolicyInfo { self_issued: cert.is_self_issued(), ..CertPolicyInfo::default() };
        if let Some(r) = ext.parsed(oids::EXT_CERTIFICATE_POLICIES)
            && let ParsedExtension::CertificatePolicies(ps) = r.map_err(bad)?
        {
            info.policies = Some(ps.iter().map(|p| p.policy.as_bytes().to_vec()).collect());
        }
        if let Some(r) = ext.parsed(oids::EXT_POLICY_MAPPINGS)
            && let ParsedExtension::PolicyMappings(ms) = r.map_err(bad)?
        {
            info.mappings = ms.iter().map(|(i, s)| (i.as_bytes().to_vec(), s.as_bytes().to_vec())).collect();
        }
        if let Some(r) = ext.parsed(oids::EXT_POLICY_CONSTRAINTS)
            && let ParsedExtension::PolicyConstraints(pc) = r.map_err(bad)?
        {
            info.require_explicit_policy = pc.require_explicit_policy;
            info.inhibit_policy_mapping = pc.inhibit_policy_mapping;
        }
        if let Some(r) = ext.parsed(oids::EXT_INHIBIT_ANY_POLICY)
            && let ParsedExtension::InhibitAnyPolicy(n) = r.map_err(bad)?
        {
            info.inhibit_any_policy = Some(n);
        }
        Ok(info)
    }
}

/// What went wrong in policy processing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// explicit_policy is 0 and the valid_policy_graph is NULL (RFC 5280 6.1.3 (f)).
    NoValidPolicy,
    /// anyPolicy appears in a policy mapping (RFC 5280 6.1.4 (a)).
    AnyPolicyMapped,
    /// explicit_policy is 0 and the user_constrained_policy_set is empty at wrap-up
    /// (RFC 5280 6.1.5 as updated by RFC 9618 5.5).
    EmptyUserConstrainedPolicySet,
    /// A policy extension could not be decoded.
    MalformedExtension(crate::Error),
    /// The graph would exceed [`PolicyOptions::max_nodes`] or [`PolicyOptions::max_edges`].
    LimitExceeded {
        /// `"max_nodes"` or `"max_edges"`.
        limit: &'static str,
        /// The configured value.
        value: usize,
    },
    /// More certificates were processed than the path length given to
    /// [`PolicyProcessor::new`].
    TooManyCertificates,
    /// [`PolicyProcessor::finish`] was called before all certificates were processed.
    PathIncomplete,
}

/// A policy processing failure with the clause it breaks.
///
/// ```
/// use sg17_x509::path::policy::{CertPolicyInfo, PolicyOptions, PolicyProcessor};
/// let opts = PolicyOptions { initial_explicit_policy: true, ..PolicyOptions::default() };
/// let mut pp = PolicyProcessor::new(&opts, 1);
/// // No certificatePolicies extension: the graph becomes NULL and explicit_policy is 0.
/// let err = pp.process_info(&CertPolicyInfo::default()).unwrap_err();
/// assert_eq!(err.clause(), "RFC 5280 6.1.3(f)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    clause: &'static str,
    kind: PolicyErrorKind,
}

impl PolicyError {
    fn new(clause: &'static str, kind: PolicyErrorKind) -> Self {
        PolicyError { clause, kind }
    }
    /// The clause broken, e.g. `"RFC 5280 6.1.3(f)"`.
    #[must_use]
    pub const fn clause(&self) -> &'static str {
        self.clause
    }
    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> &PolicyErrorKind {
        &self.kind
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.clause)?;
        match &self.kind {
            PolicyErrorKind::NoValidPolicy => {
                f.write_str("explicit policy required but no valid policy remains")
            }
            PolicyErrorKind::AnyPolicyMapped => f.write_str("anyPolicy appears in policyMappings"),
            PolicyErrorKind::EmptyUserConstrainedPolicySet => {
                f.write_str("explicit policy required but the user-constrained policy set is empty")
            }
            PolicyErrorKind::MalformedExtension(e) => write!(f, "malformed policy extension ({e})"),
            PolicyErrorKind::LimitExceeded { limit, value } => {
                write!(f, "policy graph exceeds {limit} = {value}")
            }
            PolicyErrorKind::TooManyCertificates => f.write_str("more certificates than the path length"),
            PolicyErrorKind::PathIncomplete => f.write_str("fewer certificates than the path length"),
        }
    }
}

impl std::error::Error for PolicyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            PolicyErrorKind::MalformedExtension(e) => Some(e),
            _ => None,
        }
    }
}

/// Result of successful policy processing (RFC 5280 6.1.6 as updated by RFC 9618 5.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyOutcome {
    /// user_constrained_policy_set (RFC 9618 5.5 (g)): OID contents octets; may hold
    /// anyPolicy when the user-initial-policy-set is anyPolicy.
    pub user_constrained_policy_set: Vec<Vec<u8>>,
    /// authority_constrained_policy_set (RFC 9618 5.5 (g)(4)).
    pub authority_constrained_policy_set: Vec<Vec<u8>>,
    /// Final explicit_policy (RFC 5280 6.1.5 (a),(b)); above 0 means no policy was required.
    pub explicit_policy: usize,
}

/// Interned OID id; anyPolicy is always 0.
type Id = u32;
const ANY: Id = 0;

#[derive(Debug)]
struct Node {
    policy: Id,
    /// expected_policy_set; deduplicated.
    expected: Vec<Id>,
    /// Indexes into the previous depth.
    parents: Vec<u32>,
    /// Live children at the next depth.
    children: u32,
    alive: bool,
}

#[derive(Debug, Default)]
struct Level {
    nodes: Vec<Node>,
    /// Live node per valid_policy (RFC 9618 5.2: at most one per depth).
    by_policy: HashMap<Id, u32>,
}

/// The RFC 5280 6.1 policy state machine over an RFC 9618 valid_policy_graph.
///
/// Feed the certificates of the path in order, from the one issued by the trust anchor
/// (i = 1) to the target (i = n), then call [`finish`](Self::finish).
#[derive(Debug)]
pub struct PolicyProcessor {
    n: usize,
    /// Certificates processed so far (i of the last one).
    i: usize,
    /// `None` is the NULL graph; else levels 0..=i.
    graph: Option<Vec<Level>>,
    explicit_policy: usize,
    inhibit_any_policy: usize,
    policy_mapping: usize,
    /// None = {anyPolicy}.
    user_initial: Option<Vec<Vec<u8>>>,
    interned: HashMap<Vec<u8>, Id>,
    oids: Vec<Vec<u8>>,
    nodes_created: usize,
    edges_created: usize,
    max_nodes: usize,
    max_edges: usize,
}

impl PolicyProcessor {
    /// RFC 5280 6.1.2 (a), (d), (e), (f) for a path of `path_len` certificates (n, the trust
    /// anchor excluded).
    #[must_use]
    pub fn new(opts: &PolicyOptions, path_len: usize) -> Self {
        let any = oids::ANY_POLICY.as_bytes().to_vec();
        let start = |inhibit: bool| if inhibit { 0 } else { path_len.saturating_add(1) };
        let user_initial = if opts.initial_policy_set.is_empty() || opts.initial_policy_set.contains(&any) {
            None
        } else {
            let mut v: Vec<Vec<u8>> = Vec::new();
            for p in &opts.initial_policy_set {
                if !v.contains(p) {
                    v.push(p.clone());
                }
            }
            Some(v)
        };
        let root = Node { policy: ANY, expected: vec![ANY], parents: Vec::new(), children: 0, alive: true };
        let level0 = Level { nodes: vec![root], by_policy: HashMap::from([(ANY, 0)]) };
        PolicyProcessor {
            n: path_len,
            i: 0,
            graph: Some(vec![level0]),
            explicit_policy: start(opts.initial_explicit_policy),
            inhibit_any_policy: start(opts.initial_any_policy_inhibit),
            policy_mapping: start(opts.initial_policy_mapping_inhibit),
            user_initial,
            interned: HashMap::from([(any.clone(), ANY)]),
            oids: vec![any],
            nodes_created: 1,
            edges_created: 0,
            // Node indexes are u32.
            max_nodes: opts.max_nodes.min(u32::MAX as usize),
            max_edges: opts.max_edges,
        }
    }

    /// Processes the next certificate: [`CertPolicyInfo::from_certificate`] then
    /// [`process_info`](Self::process_info).
    pub fn process(&mut self, cert: &Certificate<'_>) -> Result<(), PolicyError> {
        self.process_info(&CertPolicyInfo::from_certificate(cert)?)
    }

    /// Processes the next certificate i: RFC 5280 6.1.3 (d)-(f) (RFC 9618 5.3), then for
    /// i < n 6.1.4 (a), (b) (RFC 9618 5.4), (h), (i), (j), and for i = n 6.1.5 (a), (b).
    pub fn process_info(&mut self, cert: &CertPolicyInfo) -> Result<(), PolicyError> {
        if self.i >= self.n {
            return Err(PolicyError::new("RFC 5280 6.1", PolicyErrorKind::TooManyCertificates));
        }
        self.i += 1;
        let is_last = self.i == self.n;

        // 6.1.3 (d), (e).
        match &cert.policies {
            Some(ps) if self.graph.is_some() => self.certificate_policies(ps, cert.self_issued, is_last)?,
            Some(_) => {}
            None => self.graph = None,
        }
        // 6.1.3 (f).
        if self.explicit_policy == 0 && self.graph.is_none() {
            return Err(PolicyError::new("RFC 5280 6.1.3(f)", PolicyErrorKind::NoValidPolicy));
        }

        if is_last {
            // 6.1.5 (a), (b).
            self.explicit_policy = self.explicit_policy.saturating_sub(1);
            if cert.require_explicit_policy == Some(0) {
                self.explicit_policy = 0;
            }
            return Ok(());
        }

        // 6.1.4 (a), (b).
        if !cert.mappings.is_empty() {
            let any = oids::ANY_POLICY.as_bytes();
            if cert.mappings.iter().any(|(i, s)| i == any || s == any) {
                return Err(PolicyError::new("RFC 5280 6.1.4(a)", PolicyErrorKind::AnyPolicyMapped));
            }
            if self.graph.is_some() {
                self.policy_mappings(&cert.mappings)?;
            }
        }
        // 6.1.4 (h).
        if !cert.self_issued {
            self.explicit_policy = self.explicit_policy.saturating_sub(1);
            self.policy_mapping = self.policy_mapping.saturating_sub(1);
            self.inhibit_any_policy = self.inhibit_any_policy.saturating_sub(1);
        }
        // 6.1.4 (i), (j).
        let lower = |v: &mut usize, r: Option<u32>| {
            if let Some(r) = r.and_then(|r| usize::try_from(r).ok()) {
                *v = (*v).min(r);
            }
        };
        lower(&mut self.explicit_policy, cert.require_explicit_policy);
        lower(&mut self.policy_mapping, cert.inhibit_policy_mapping);
        lower(&mut self.inhibit_any_policy, cert.inhibit_any_policy);
        Ok(())
    }

    /// RFC 5280 6.1.5 (g) as replaced by RFC 9618 5.5, and the final success test.
    pub fn finish(self) -> Result<PolicyOutcome, PolicyError> {
        if self.i != self.n {
            return Err(PolicyError::new("RFC 5280 6.1", PolicyErrorKind::PathIncomplete));
        }
        // (g)(1)-(4): valid_policy_node_set and authority_constrained_policy_set.
        // Sets kept alongside the ordered lists so that wrap-up stays linear in the graph.
        let mut authority: Vec<Id> = Vec::new();
        let mut in_authority: HashSet<Id> = HashSet::new();
        if let Some(levels) = &self.graph {
            for d in 1..levels.len() {
                for node in levels[d].nodes.iter().filter(|n| n.alive && n.policy != ANY) {
                    if let [p] = node.parents[..]
                        && levels[d - 1].nodes[p as usize].policy == ANY
                        && in_authority.insert(node.policy)
                    {
                        authority.push(node.policy);
                    }
                }
            }
            if levels[self.n].by_policy.contains_key(&ANY) && in_authority.insert(ANY) {
                authority.push(ANY);
            }
        }
        let authority_set: Vec<Vec<u8>> =
            authority.iter().map(|&id| self.oids[id as usize].clone()).collect();
        // (g)(5), (6).
        let user_set = match &self.user_initial {
            None => authority_set.clone(),
            Some(initial) => {
                let wanted: HashSet<&[u8]> = initial.iter().map(Vec::as_slice).collect();
                let mut out: Vec<Vec<u8>> =
                    authority_set.iter().filter(|p| wanted.contains(p.as_slice())).cloned().collect();
                if in_authority.contains(&ANY) {
                    let have: HashSet<Vec<u8>> = out.iter().cloned().collect();
                    out.extend(initial.iter().filter(|p| !have.contains(*p)).cloned());
                }
                out
            }
        };
        if self.explicit_policy == 0 && user_set.is_empty() {
            return Err(PolicyError::new("RFC 9618 5.5", PolicyErrorKind::EmptyUserConstrainedPolicySet));
        }
        Ok(PolicyOutcome {
            user_constrained_policy_set: user_set,
            authority_constrained_policy_set: authority_set,
            explicit_policy: self.explicit_policy,
        })
    }

    /// Nodes created so far, pruned ones included (what [`PolicyOptions::max_nodes`] bounds).
    #[must_use]
    pub const fn nodes_created(&self) -> usize {
        self.nodes_created
    }

    /// Parent edges created so far (what [`PolicyOptions::max_edges`] bounds).
    #[must_use]
    pub const fn edges_created(&self) -> usize {
        self.edges_created
    }

    /// Current explicit_policy, inhibit_anyPolicy and policy_mapping (RFC 5280 6.1.2 (d)-(f)).
    #[must_use]
    pub const fn counters(&self) -> (usize, usize, usize) {
        (self.explicit_policy, self.inhibit_any_policy, self.policy_mapping)
    }

    /// Whether the valid_policy_graph is NULL.
    #[must_use]
    pub const fn graph_is_null(&self) -> bool {
        self.graph.is_none()
    }

    fn intern(&mut self, oid: &[u8]) -> Id {
        if let Some(&id) = self.interned.get(oid) {
            return id;
        }
        // At most one id per distinct OID in the path's extensions, which parsing bounds.
        let id = Id::try_from(self.oids.len()).unwrap_or(Id::MAX);
        self.oids.push(oid.to_vec());
        self.interned.insert(oid.to_vec(), id);
        id
    }

    /// Adds a node at the deepest level with the given parents at the level above.
    fn add_node(&mut self, policy: Id, expected: Vec<Id>, parents: Vec<u32>) -> Result<(), PolicyError> {
        const CLAUSE: &str = "RFC 9618 6.3";
        if self.nodes_created >= self.max_nodes {
            let kind = PolicyErrorKind::LimitExceeded { limit: "max_nodes", value: self.max_nodes };
            return Err(PolicyError::new(CLAUSE, kind));
        }
        if parents.len() > self.max_edges - self.edges_created.min(self.max_edges) {
            let kind = PolicyErrorKind::LimitExceeded { limit: "max_edges", value: self.max_edges };
            return Err(PolicyError::new(CLAUSE, kind));
        }
        self.nodes_created += 1;
        self.edges_created += parents.len();
        let Some(levels) = self.graph.as_mut() else { return Ok(()) };
        let d = levels.len() - 1;
        for &p in &parents {
            levels[d - 1].nodes[p as usize].children += 1;
        }
        let level = &mut levels[d];
        let idx = u32::try_from(level.nodes.len()).unwrap_or(u32::MAX);
        level.by_policy.insert(policy, idx);
        level.nodes.push(Node { policy, expected, parents, children: 0, alive: true });
        Ok(())
    }

    /// Deletes node `idx` at depth `d`, then every ancestor left without children
    /// (RFC 9618 5.3 (d)(3) and 5.4 (b)(3)(ii)). Sets the graph to NULL when the deepest
    /// level empties, since the root is then pruned too.
    fn delete(levels: &mut [Level], d: usize, idx: u32) {
        let mut work = vec![(d, idx)];
        while let Some((d, idx)) = work.pop() {
            let node = &mut levels[d].nodes[idx as usize];
            if !node.alive {
                continue;
            }
            node.alive = false;
            let (policy, parents) = (node.policy, std::mem::take(&mut node.parents));
            if levels[d].by_policy.get(&policy) == Some(&idx) {
                levels[d].by_policy.remove(&policy);
            }
            if d == 0 {
                continue;
            }
            for p in parents {
                let parent = &mut levels[d - 1].nodes[p as usize];
                parent.children = parent.children.saturating_sub(1);
                if parent.children == 0 {
                    work.push((d - 1, p));
                }
            }
        }
    }

    /// Prunes childless nodes of depth below the deepest; NULLs the graph if the deepest
    /// level is empty.
    fn prune(&mut self) {
        let Some(levels) = self.graph.as_mut() else { return };
        let d = levels.len() - 1;
        if levels[d].by_policy.is_empty() {
            self.graph = None;
            return;
        }
        let childless: Vec<u32> = (0..levels[d - 1].nodes.len())
            .filter(|&k| {
                let n = &levels[d - 1].nodes[k];
                n.alive && n.children == 0
            })
            .map(|k| u32::try_from(k).unwrap_or(u32::MAX))
            .collect();
        for k in childless {
            Self::delete(levels, d - 1, k);
        }
    }

    /// RFC 5280 6.1.3 (d) as replaced by RFC 9618 5.3.
    fn certificate_policies(
        &mut self,
        policies: &[Vec<u8>],
        self_issued: bool,
        is_last: bool,
    ) -> Result<(), PolicyError> {
        let ids: Vec<Id> = policies.iter().map(|p| self.intern(p)).collect();
        let Some(levels) = self.graph.as_mut() else { return Ok(()) };
        let prev = levels.last().map_or(&[][..], |l| &l.nodes[..]);
        // For each OID in some expected_policy_set at depth i-1, the nodes holding it, in
        // first-seen order so that results do not depend on hashing.
        let mut parents_of: HashMap<Id, Vec<u32>> = HashMap::new();
        let mut order: Vec<Id> = Vec::new();
        for (k, node) in prev.iter().enumerate().filter(|(_, n)| n.alive) {
            for &e in &node.expected {
                let v = parents_of.entry(e).or_insert_with(|| {
                    order.push(e);
                    Vec::new()
                });
                v.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
        let any_parent = levels.last().and_then(|l| l.by_policy.get(&ANY).copied());
        levels.push(Level::default());

        // (d)(1): policies other than anyPolicy.
        let mut has_any = false;
        for &p in &ids {
            if p == ANY {
                has_any = true;
                continue;
            }
            if self.has_node_at_deepest(p) {
                continue; // duplicate policy in the extension
            }
            match (parents_of.get(&p), any_parent) {
                // (i): exact match in the expected_policy_sets.
                (Some(ps), _) => self.add_node(p, vec![p], ps.clone())?,
                // (ii): otherwise, under the anyPolicy node.
                (None, Some(a)) => self.add_node(p, vec![p], vec![a])?,
                (None, None) => {}
            }
        }
        // (d)(2): anyPolicy, if not inhibited (or self-issued and not the last certificate).
        if has_any && (self.inhibit_any_policy > 0 || (!is_last && self_issued)) {
            for p in order {
                if !self.has_node_at_deepest(p) {
                    let ps = parents_of.remove(&p).unwrap_or_default();
                    self.add_node(p, vec![p], ps)?;
                }
            }
        }
        // (d)(3).
        self.prune();
        Ok(())
    }

    fn has_node_at_deepest(&self, p: Id) -> bool {
        self.graph.as_ref().and_then(|l| l.last()).is_some_and(|l| l.by_policy.contains_key(&p))
    }

    /// RFC 5280 6.1.4 (b) as replaced by RFC 9618 5.4.
    fn policy_mappings(&mut self, mappings: &[(Vec<u8>, Vec<u8>)]) -> Result<(), PolicyError> {
        // Group subjectDomainPolicy values by issuerDomainPolicy, in first-seen order.
        let mut groups: Vec<(Id, Vec<Id>)> = Vec::new();
        let mut group_of: HashMap<Id, usize> = HashMap::new();
        let mut seen: HashSet<(Id, Id)> = HashSet::new();
        for (i, s) in mappings {
            let (i, s) = (self.intern(i), self.intern(s));
            let g = *group_of.entry(i).or_insert_with(|| {
                groups.push((i, Vec::new()));
                groups.len() - 1
            });
            if seen.insert((i, s)) {
                groups[g].1.push(s);
            }
        }
        if self.policy_mapping > 0 {
            for (idp, subjects) in groups {
                let Some(levels) = self.graph.as_mut() else { return Ok(()) };
                let d = levels.len() - 1;
                if let Some(&k) = levels[d].by_policy.get(&idp) {
                    // (1): the node for ID-P now expects the mapped policies.
                    levels[d].nodes[k as usize].expected = subjects;
                } else if let Some(&a) = levels[d].by_policy.get(&ANY) {
                    // (2): a new child of the anyPolicy node at depth i-1, which is the
                    // sole parent of the anyPolicy node at depth i (RFC 9618 5.2).
                    let parent = levels[d].nodes[a as usize].parents.clone();
                    self.add_node(idp, subjects, parent)?;
                }
            }
        } else {
            // (3): delete the nodes for ID-P and prune.
            let Some(levels) = self.graph.as_mut() else { return Ok(()) };
            let d = levels.len() - 1;
            for (idp, _) in groups {
                if let Some(&k) = levels[d].by_policy.get(&idp) {
                    Self::delete(levels, d, k);
                }
            }
            if levels[d].by_policy.is_empty() {
                self.graph = None;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Expected outcomes are worked by hand from the text of RFC 5280 6.1 and RFC 9618 5;
    //! each test names the clause it follows. Scenarios mirror NIST PKITS 4.8-4.12 in kind
    //! (no PKITS files are used).

    use super::*;
    use sg17_asn1::{BitString, StringKind, Tag, Value};
    use std::borrow::Cow;

    fn oid(s: &str) -> Vec<u8> {
        s.parse::<sg17_asn1::Oid>().unwrap().as_bytes().to_vec()
    }
    /// NIST test policy n (2.16.840.1.101.3.2.1.48.n), the arcs PKITS uses.
    fn p(n: u32) -> Vec<u8> {
        oid(&format!("2.16.840.1.101.3.2.1.48.{n}"))
    }
    fn any() -> Vec<u8> {
        oids::ANY_POLICY.as_bytes().to_vec()
    }
    fn cert(policies: &[Vec<u8>]) -> CertPolicyInfo {
        CertPolicyInfo { policies: Some(policies.to_vec()), ..CertPolicyInfo::default() }
    }
    fn no_policies() -> CertPolicyInfo {
        CertPolicyInfo::default()
    }
    fn maps(mut c: CertPolicyInfo, m: &[(Vec<u8>, Vec<u8>)]) -> CertPolicyInfo {
        c.mappings = m.to_vec();
        c
    }
    fn explicit() -> PolicyOptions {
        PolicyOptions { initial_explicit_policy: true, ..PolicyOptions::default() }
    }
    fn run(opts: &PolicyOptions, certs: &[CertPolicyInfo]) -> Result<PolicyOutcome, PolicyError> {
        let mut pp = PolicyProcessor::new(opts, certs.len());
        for c in certs {
            pp.process_info(c)?;
        }
        pp.finish()
    }
    fn user_set(opts: &PolicyOptions, certs: &[CertPolicyInfo]) -> Vec<Vec<u8>> {
        run(opts, certs).unwrap().user_constrained_policy_set
    }
    fn clause(r: Result<PolicyOutcome, PolicyError>) -> &'static str {
        r.unwrap_err().clause()
    }
    fn sorted(mut v: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        v.sort();
        v
    }
    /// Live valid_policy values at `depth`, sorted.
    fn live(pp: &PolicyProcessor, depth: usize) -> Vec<Vec<u8>> {
        let levels = pp.graph.as_ref().unwrap();
        sorted(
            levels[depth]
                .nodes
                .iter()
                .filter(|n| n.alive)
                .map(|n| pp.oids[n.policy as usize].clone())
                .collect(),
        )
    }
    /// Live node `policy` at `depth`: (sorted parent policies, sorted expected_policy_set).
    fn node(pp: &PolicyProcessor, depth: usize, policy: &[u8]) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
        let levels = pp.graph.as_ref().unwrap();
        let id = pp.interned[policy];
        let n = &levels[depth].nodes[levels[depth].by_policy[&id] as usize];
        let name = |id: Id| pp.oids[id as usize].clone();
        let parents = n.parents.iter().map(|&k| name(levels[depth - 1].nodes[k as usize].policy)).collect();
        (sorted(parents), sorted(n.expected.iter().map(|&e| name(e)).collect()))
    }

    // ---- RFC 5280 6.1.3 (d)-(f) ----

    #[test]
    fn rfc5280_6_1_3_d_1_ii_policy_under_any_policy_root() {
        // Depth 0 holds only anyPolicy, so the CA's P1 attaches to it by (d)(1)(ii); the EE's
        // P1 matches by (d)(1)(i). n = 2: explicit_policy 3, (h) -> 2, 6.1.5 (a) -> 1.
        let out = run(&PolicyOptions::default(), &[cert(&[p(1)]), cert(&[p(1)])]).unwrap();
        assert_eq!(out.user_constrained_policy_set, vec![p(1)]);
        assert_eq!(out.authority_constrained_policy_set, vec![p(1)]);
        assert_eq!(out.explicit_policy, 1);
    }

    #[test]
    fn rfc5280_6_1_3_d_1_i_unmatched_policy_nulls_graph_and_6_1_3_f_rejects_when_explicit() {
        // P2 is in no expected_policy_set at depth 1 and there is no anyPolicy node there:
        // depth 2 is empty, so (d)(3) prunes everything.
        let path = [cert(&[p(1)]), cert(&[p(2)])];
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
        for c in &path {
            pp.process_info(c).unwrap();
        }
        assert!(pp.graph_is_null());
        let out = pp.finish().unwrap(); // explicit_policy is still 1
        assert!(out.user_constrained_policy_set.is_empty());
        // With initial-explicit-policy, explicit_policy is 0: (f) fails at the second cert.
        let mut pp = PolicyProcessor::new(&explicit(), 2);
        pp.process_info(&path[0]).unwrap();
        let err = pp.process_info(&path[1]).unwrap_err();
        assert_eq!(err.clause(), "RFC 5280 6.1.3(f)");
        assert_eq!(err.kind(), &PolicyErrorKind::NoValidPolicy);
    }

    #[test]
    fn rfc5280_6_1_3_e_missing_certificate_policies_nulls_graph() {
        let path = [no_policies(), cert(&[p(1)])];
        let out = run(&PolicyOptions::default(), &path).unwrap();
        assert!(out.user_constrained_policy_set.is_empty());
        // (f) fails already at the first certificate when explicit_policy starts at 0.
        let mut pp = PolicyProcessor::new(&explicit(), 2);
        assert_eq!(pp.process_info(&path[0]).unwrap_err().clause(), "RFC 5280 6.1.3(f)");
    }

    #[test]
    fn rfc5280_6_1_3_d_2_any_policy_inhibited() {
        // initial-any-policy-inhibit: inhibit_anyPolicy = 0, so anyPolicy in a non-self-issued
        // CA adds nothing and depth 1 is empty (PKITS 4.12 in kind).
        let opts = PolicyOptions { initial_any_policy_inhibit: true, ..PolicyOptions::default() };
        let path = [cert(&[any()]), cert(&[p(1)])];
        assert!(user_set(&opts, &path).is_empty());
        let opts = PolicyOptions { initial_explicit_policy: true, ..opts };
        let mut pp = PolicyProcessor::new(&opts, 2);
        assert_eq!(pp.process_info(&path[0]).unwrap_err().clause(), "RFC 5280 6.1.3(f)");
        // Not inhibited: anyPolicy at depth 1, P1 attaches to it at depth 2.
        assert_eq!(user_set(&explicit(), &path), vec![p(1)]);
    }

    #[test]
    fn rfc5280_6_1_3_d_2_b_self_issued_intermediate_keeps_any_policy() {
        // (d)(2)(b): i < n and self-issued lets anyPolicy through even with inhibit_anyPolicy 0.
        let opts = PolicyOptions {
            initial_any_policy_inhibit: true,
            initial_explicit_policy: true,
            ..PolicyOptions::default()
        };
        let ca = CertPolicyInfo { self_issued: true, ..cert(&[any()]) };
        assert_eq!(user_set(&opts, &[ca.clone(), cert(&[p(1)])]), vec![p(1)]);
        // Not for the last certificate (i = n).
        let mut pp = PolicyProcessor::new(&opts, 1);
        assert_eq!(pp.process_info(&ca).unwrap_err().clause(), "RFC 5280 6.1.3(f)");
        // And not for a CA that is not self-issued.
        let ca = cert(&[any()]);
        let mut pp = PolicyProcessor::new(&opts, 2);
        assert_eq!(pp.process_info(&ca).unwrap_err().clause(), "RFC 5280 6.1.3(f)");
    }

    // ---- RFC 5280 6.1.4 (a), (b), (h)-(j) ----

    #[test]
    fn rfc5280_6_1_4_a_any_policy_in_mapping_rejected() {
        for m in [(any(), p(2)), (p(1), any())] {
            let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
            let err = pp.process_info(&maps(cert(&[p(1)]), &[m])).unwrap_err();
            assert_eq!(err.clause(), "RFC 5280 6.1.4(a)");
            assert_eq!(err.kind(), &PolicyErrorKind::AnyPolicyMapped);
        }
    }

    #[test]
    fn rfc9618_5_4_b_1_mapping_reports_issuer_domain_policy() {
        // CA asserts P1 and maps P1 -> P2; EE asserts P2 (PKITS 4.10 in kind). The P1 node's
        // expected_policy_set becomes {P2}; the EE's P2 node hangs from it. The node whose
        // single parent is anyPolicy is P1 (RFC 9618 5.5 (g)(2)).
        let path = [maps(cert(&[p(1)]), &[(p(1), p(2))]), cert(&[p(2)])];
        let out = run(&PolicyOptions::default(), &path).unwrap();
        assert_eq!(out.authority_constrained_policy_set, vec![p(1)]);
        assert_eq!(out.user_constrained_policy_set, vec![p(1)]);
        let only = |v: Vec<u8>| PolicyOptions { initial_policy_set: vec![v], ..explicit() };
        assert_eq!(user_set(&only(p(1)), &path), vec![p(1)]);
        // (g)(6)(i): P1 is not in {P2}; no anyPolicy to fall back on: empty, rejected.
        assert_eq!(clause(run(&only(p(2)), &path)), "RFC 9618 5.5");
    }

    #[test]
    fn rfc9618_5_4_b_2_mapping_under_any_policy() {
        // The CA asserts anyPolicy and maps P1 -> P2: (b)(2) adds a P1 node under the
        // depth-0 anyPolicy node expecting {P2}.
        let path = [maps(cert(&[any()]), &[(p(1), p(2))]), cert(&[p(2)])];
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
        pp.process_info(&path[0]).unwrap();
        assert_eq!(node(&pp, 1, &p(1)), (vec![any()], vec![p(2)]));
        pp.process_info(&path[1]).unwrap();
        assert_eq!(node(&pp, 2, &p(2)), (vec![p(1)], vec![p(2)]));
        assert_eq!(pp.finish().unwrap().user_constrained_policy_set, vec![p(1)]);
        // Without the mapping the EE's P2 attaches to anyPolicy directly.
        assert_eq!(user_set(&PolicyOptions::default(), &[cert(&[any()]), cert(&[p(2)])]), vec![p(2)]);
    }

    #[test]
    fn rfc9618_5_4_b_3_initial_policy_mapping_inhibit_deletes_mapped_node() {
        // policy_mapping = 0: the P1 node at depth 1 is deleted; depth 1 is then empty.
        let opts = PolicyOptions { initial_policy_mapping_inhibit: true, ..PolicyOptions::default() };
        let path = [maps(cert(&[p(1)]), &[(p(1), p(2))]), cert(&[p(2)])];
        let mut pp = PolicyProcessor::new(&opts, 2);
        pp.process_info(&path[0]).unwrap();
        assert!(pp.graph_is_null());
        pp.process_info(&path[1]).unwrap();
        assert!(pp.finish().unwrap().user_constrained_policy_set.is_empty());
        let opts = PolicyOptions { initial_explicit_policy: true, ..opts };
        let mut pp = PolicyProcessor::new(&opts, 2);
        pp.process_info(&path[0]).unwrap(); // (f) runs before (b): graph still non-NULL
        assert_eq!(pp.process_info(&path[1]).unwrap_err().clause(), "RFC 5280 6.1.3(f)");
        // Only the mapped node goes: an unmapped P2 survives and matches the EE.
        let path = [maps(cert(&[p(1), p(2)]), &[(p(1), p(3))]), cert(&[p(2), p(3)])];
        assert_eq!(user_set(&opts, &path), vec![p(2)]);
    }

    #[test]
    fn rfc5280_6_1_4_i_inhibit_policy_mapping_skip_certs() {
        // n = 3, policy_mapping starts at 4; CA1 (h) -> 3, then (i) lowers it to m.
        let path = |m: u32| {
            let ca1 = CertPolicyInfo { inhibit_policy_mapping: Some(m), ..cert(&[p(1)]) };
            [ca1, maps(cert(&[p(1)]), &[(p(1), p(2))]), cert(&[p(2)])]
        };
        // m = 0: CA2's mapping hits (b)(3) and deletes P1 at depth 2 (PKITS 4.11 in kind).
        assert!(user_set(&PolicyOptions::default(), &path(0)).is_empty());
        assert_eq!(clause(run(&explicit(), &path(0))), "RFC 5280 6.1.3(f)");
        // m = 1: policy_mapping is still 1 at CA2's (b), so the mapping applies.
        assert_eq!(user_set(&explicit(), &path(1)), vec![p(1)]);
    }

    #[test]
    fn rfc5280_6_1_4_i_require_explicit_policy_skip_certs() {
        // n = 3, explicit_policy starts at 4; CA1 (h) -> 3 then (i) -> min(3, r); CA2 (h)
        // decrements; the EE has no policies so the graph is NULL; 6.1.5 (a) decrements.
        let path = |r: u32| {
            let ca1 = CertPolicyInfo { require_explicit_policy: Some(r), ..cert(&[p(1)]) };
            [ca1, cert(&[p(1)]), no_policies()]
        };
        // r = 1: 0 after CA2, so (f) fails at the EE.
        assert_eq!(clause(run(&PolicyOptions::default(), &path(1))), "RFC 5280 6.1.3(f)");
        // r = 2: 1 at the EE's (f), 0 after 6.1.5 (a): the empty set is rejected at wrap-up.
        assert_eq!(clause(run(&PolicyOptions::default(), &path(2))), "RFC 9618 5.5");
        // r = 3: 1 after wrap-up, success with no policy.
        let out = run(&PolicyOptions::default(), &path(3)).unwrap();
        assert_eq!(out.explicit_policy, 1);
        assert!(out.user_constrained_policy_set.is_empty());
    }

    #[test]
    fn rfc5280_6_1_4_h_self_issued_does_not_decrement() {
        // As above with r = 1, but CA2 self-issued: (h) is skipped, explicit_policy stays 1
        // through the EE's (f), and only wrap-up (6.1.5 (a)) brings it to 0.
        let ca1 = CertPolicyInfo { require_explicit_policy: Some(1), ..cert(&[p(1)]) };
        let ca2 = CertPolicyInfo { self_issued: true, ..cert(&[p(1)]) };
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 3);
        pp.process_info(&ca1).unwrap();
        pp.process_info(&ca2).unwrap();
        // inhibit_anyPolicy and policy_mapping: 4, CA1 (h) -> 3, CA2 self-issued keeps 3.
        assert_eq!(pp.counters(), (1, 3, 3));
        pp.process_info(&no_policies()).unwrap();
        assert_eq!(pp.finish().unwrap_err().clause(), "RFC 9618 5.5");
    }

    #[test]
    fn rfc5280_6_1_4_j_inhibit_any_policy_skip_certs() {
        // n = 3, inhibit_anyPolicy starts at 4; CA1 (h) -> 3 then (j) -> k; CA2 asserts only
        // anyPolicy (PKITS 4.12 in kind).
        let path = |k: u32| {
            let ca1 = CertPolicyInfo { inhibit_any_policy: Some(k), ..cert(&[p(1)]) };
            [ca1, cert(&[any()]), cert(&[p(1)])]
        };
        // k = 0: CA2's anyPolicy is ignored, depth 2 is empty.
        assert!(user_set(&PolicyOptions::default(), &path(0)).is_empty());
        assert_eq!(clause(run(&explicit(), &path(0))), "RFC 5280 6.1.3(f)");
        // k = 1: CA2's anyPolicy copies P1 from depth 1's expected_policy_set (d)(2).
        assert_eq!(user_set(&explicit(), &path(1)), vec![p(1)]);
    }

    // ---- RFC 5280 6.1.5 ----

    #[test]
    fn rfc5280_6_1_5_b_require_explicit_policy_zero_in_target() {
        let ee = CertPolicyInfo { require_explicit_policy: Some(0), ..cert(&[p(2)]) };
        // EE's P2 matches nothing; (f) passes (explicit_policy 2); (a) -> 1, (b) -> 0.
        assert_eq!(clause(run(&PolicyOptions::default(), &[cert(&[p(1)]), ee])), "RFC 9618 5.5");
        assert!(user_set(&PolicyOptions::default(), &[cert(&[p(1)]), cert(&[p(2)])]).is_empty());
        let ee = CertPolicyInfo { require_explicit_policy: Some(0), ..cert(&[p(1)]) };
        let out = run(&PolicyOptions::default(), &[cert(&[p(1)]), ee]).unwrap();
        assert_eq!((out.explicit_policy, out.user_constrained_policy_set), (0, vec![p(1)]));
    }

    #[test]
    fn rfc9618_5_5_g_6_user_initial_policy_set() {
        let opts = |v: Vec<Vec<u8>>| PolicyOptions { initial_policy_set: v, ..explicit() };
        // (g)(3): anyPolicy at depth n is in the authority set; (g)(6)(ii) then supplies
        // every OID of the user-initial-policy-set.
        let path = [cert(&[any()]), cert(&[any()])];
        let out = run(&opts(vec![p(1), p(2)]), &path).unwrap();
        assert_eq!(out.authority_constrained_policy_set, vec![any()]);
        assert_eq!(out.user_constrained_policy_set, vec![p(1), p(2)]);
        assert_eq!(user_set(&PolicyOptions::default(), &path), vec![any()]);
        // (g)(6)(i) without anyPolicy: plain intersection.
        let path = [cert(&[p(1), p(2)]), cert(&[p(1), p(2)])];
        assert_eq!(user_set(&opts(vec![p(2), p(3)]), &path), vec![p(2)]);
        // A set containing anyPolicy means anyPolicy (6.1.1 (c)).
        assert_eq!(sorted(user_set(&opts(vec![p(3), any()]), &path)), vec![p(1), p(2)]);
    }

    // ---- RFC 9618 graph structure ----

    #[test]
    fn rfc9618_3_1_figure_1_example() {
        // Intermediate asserts OID1, OID2, OID5 and maps OID1 -> OID3, OID1 -> OID4; the EE
        // asserts OID2, OID3, OID6. Figure 1: depth 1 {OID1, OID2}, depth 2 {OID2, OID3}.
        let (o1, o2, o3, o4, o5, o6) = (p(1), p(2), p(3), p(4), p(5), p(6));
        let ca =
            maps(cert(&[o1.clone(), o2.clone(), o5]), &[(o1.clone(), o3.clone()), (o1.clone(), o4.clone())]);
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
        pp.process_info(&ca).unwrap();
        pp.process_info(&cert(&[o2.clone(), o3.clone(), o6])).unwrap();
        assert_eq!(live(&pp, 1), vec![o1.clone(), o2.clone()]);
        assert_eq!(node(&pp, 1, &o1), (vec![any()], vec![o3.clone(), o4]));
        assert_eq!(live(&pp, 2), vec![o2.clone(), o3.clone()]);
        assert_eq!(node(&pp, 2, &o3).0, vec![o1.clone()]);
        let out = pp.finish().unwrap();
        assert_eq!(sorted(out.user_constrained_policy_set), vec![o1, o2]);
    }

    #[test]
    fn rfc9618_5_3_d_1_i_exact_match_with_two_parents() {
        // Figure 5: depth i-1 has Red {Gold, White} and Blue {Gold, Yellow}; the certificate
        // asserts Gold and Silver. Gold gets both parents; Silver matches nothing and there
        // is no anyPolicy node at depth i-1, so it is dropped.
        let (red, blue, gold, white, yellow, silver) = (p(1), p(2), p(3), p(4), p(5), p(6));
        let ca = maps(
            cert(&[red.clone(), blue.clone()]),
            &[
                (red.clone(), gold.clone()),
                (red.clone(), white),
                (blue.clone(), gold.clone()),
                (blue.clone(), yellow),
            ],
        );
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
        pp.process_info(&ca).unwrap();
        pp.process_info(&cert(&[gold.clone(), silver])).unwrap();
        assert_eq!(live(&pp, 2), vec![gold.clone()]);
        assert_eq!(node(&pp, 2, &gold), (vec![red.clone(), blue.clone()], vec![gold]));
        assert_eq!(sorted(pp.finish().unwrap().user_constrained_policy_set), vec![red, blue]);
    }

    #[test]
    fn rfc9618_5_3_d_2_any_policy_in_certificate_uses_expected_sets() {
        // Figure 7: Red {Gold, Silver}, Blue {Gold, Bronze}; the certificate asserts only
        // anyPolicy. One node per expected OID, parents = every node expecting it.
        let (red, blue, gold, silver, bronze) = (p(1), p(2), p(3), p(4), p(5));
        let ca = maps(
            cert(&[red.clone(), blue.clone()]),
            &[
                (red.clone(), gold.clone()),
                (red.clone(), silver.clone()),
                (blue.clone(), gold.clone()),
                (blue.clone(), bronze.clone()),
            ],
        );
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 3);
        pp.process_info(&ca).unwrap();
        pp.process_info(&cert(&[any()])).unwrap();
        assert_eq!(live(&pp, 2), sorted(vec![gold.clone(), silver.clone(), bronze.clone()]));
        assert_eq!(node(&pp, 2, &gold), (sorted(vec![red.clone(), blue.clone()]), vec![gold.clone()]));
        assert_eq!(node(&pp, 2, &silver).0, vec![red.clone()]);
        assert_eq!(node(&pp, 2, &bronze).0, vec![blue]);
        // The EE asserts Silver only: Gold and Bronze are pruned, then Blue (d)(3).
        pp.process_info(&cert(std::slice::from_ref(&silver))).unwrap();
        assert_eq!(live(&pp, 2), vec![silver]);
        assert_eq!(live(&pp, 1), vec![red.clone()]);
        assert_eq!(pp.finish().unwrap().user_constrained_policy_set, vec![red]);
    }

    #[test]
    fn rfc9618_5_3_d_3_pruning_cascades_upwards() {
        // CA2 maps P2 -> P3, the EE asserts only P1: depth-2 P2 has no child and goes, which
        // leaves depth-1 P2 childless, so it goes too.
        let path = [cert(&[p(1), p(2)]), maps(cert(&[p(1), p(2)]), &[(p(2), p(3))]), cert(&[p(1)])];
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 3);
        for c in &path {
            pp.process_info(c).unwrap();
        }
        assert_eq!(live(&pp, 1), vec![p(1)]);
        assert_eq!(live(&pp, 2), vec![p(1)]);
        assert_eq!(pp.finish().unwrap().user_constrained_policy_set, vec![p(1)]);
    }

    /// A CA asserting `k` policies with the full k x k Cartesian product of mappings
    /// (RFC 9618 3.2, generalised from k = 2).
    fn cartesian_ca(k: u32) -> CertPolicyInfo {
        let ps: Vec<Vec<u8>> = (1..=k).map(p).collect();
        let mut m = Vec::new();
        for a in &ps {
            for b in &ps {
                m.push((a.clone(), b.clone()));
            }
        }
        maps(cert(&ps), &m)
    }

    #[test]
    fn rfc9618_4_1_figure_3_cartesian_mappings_grow_linearly() {
        // RFC 9618 3.2: the tree doubles per level (2^40 leaves here). Figure 3's graph has
        // one node per OID per depth: 1 + 2n nodes, 2 + 4(n-1) edges.
        let n = 40;
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), n);
        for _ in 0..n - 1 {
            pp.process_info(&cartesian_ca(2)).unwrap();
        }
        pp.process_info(&cert(&[p(1), p(2)])).unwrap();
        assert_eq!(pp.nodes_created(), 1 + 2 * n);
        assert_eq!(pp.edges_created(), 2 + 4 * (n - 1));
        assert_eq!(sorted(pp.finish().unwrap().user_constrained_policy_set), vec![p(1), p(2)]);
    }

    #[test]
    fn rfc9618_6_3_pathological_many_policies_bounded() {
        // 64 policies and 4096 mappings per CA over 8 certificates: a policy tree would have
        // 64^8 leaves; the graph has 1 + 64*8 nodes and 64 + 4096*7 edges.
        let (k, n) = (64u32, 8usize);
        let path: Vec<CertPolicyInfo> = (0..n).map(|_| cartesian_ca(k)).collect();
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), n);
        for c in &path {
            pp.process_info(c).unwrap();
        }
        assert_eq!(pp.nodes_created(), 1 + 64 * n);
        assert_eq!(pp.edges_created(), 64 + 4096 * (n - 1));
        assert_eq!(pp.finish().unwrap().user_constrained_policy_set.len(), 64);
        // The configured caps turn the same input into errors.
        let tight = PolicyOptions { max_nodes: 200, ..PolicyOptions::default() };
        let err = run(&tight, &path).unwrap_err();
        assert_eq!(err.kind(), &PolicyErrorKind::LimitExceeded { limit: "max_nodes", value: 200 });
        assert_eq!(err.clause(), "RFC 9618 6.3");
        let tight = PolicyOptions { max_edges: 10_000, ..PolicyOptions::default() };
        let err = run(&tight, &path).unwrap_err();
        assert_eq!(err.kind(), &PolicyErrorKind::LimitExceeded { limit: "max_edges", value: 10_000 });
    }

    #[test]
    fn rfc5280_6_1_path_length_is_enforced() {
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 1);
        pp.process_info(&cert(&[p(1)])).unwrap();
        assert_eq!(
            pp.process_info(&cert(&[p(1)])).unwrap_err().kind(),
            &PolicyErrorKind::TooManyCertificates
        );
        let pp = PolicyProcessor::new(&PolicyOptions::default(), 2);
        assert_eq!(pp.finish().unwrap_err().kind(), &PolicyErrorKind::PathIncomplete);
    }

    // ---- Through real certificates ----

    fn name(cn: &str) -> Value<'static> {
        let atv = Value::Sequence(vec![
            Value::oid("2.5.4.3").unwrap(),
            Value::string(StringKind::Utf8, cn).unwrap(),
        ]);
        Value::Sequence(vec![Value::Set(vec![atv])])
    }
    fn oid_v(o: &[u8]) -> Value<'static> {
        Value::ObjectIdentifier(Cow::Owned(o.to_vec()))
    }
    fn ext(id: &str, v: Value<'_>) -> Value<'static> {
        Value::Sequence(vec![Value::oid(id).unwrap(), Value::OctetString(Cow::Owned(v.to_der()))])
    }
    fn policies_ext(ps: &[Vec<u8>]) -> Value<'static> {
        ext("2.5.29.32", Value::Sequence(ps.iter().map(|o| Value::Sequence(vec![oid_v(o)])).collect()))
    }
    fn mappings_ext(ms: &[(Vec<u8>, Vec<u8>)]) -> Value<'static> {
        let seq = ms.iter().map(|(i, s)| Value::Sequence(vec![oid_v(i), oid_v(s)])).collect();
        ext("2.5.29.33", Value::Sequence(seq))
    }
    /// A syntactically valid v3 certificate (RFC 5280 4.1); the signature is not valid.
    fn der_cert(issuer: &str, subject: &str, exts: Vec<Value<'static>>) -> Vec<u8> {
        let alg = Value::Sequence(vec![Value::oid("1.2.840.10045.4.3.2").unwrap()]);
        let spki = Value::Sequence(vec![
            Value::Sequence(vec![
                Value::oid("1.2.840.10045.2.1").unwrap(),
                Value::oid("1.2.840.10045.3.1.7").unwrap(),
            ]),
            Value::BitString(BitString::new(vec![4u8; 65], 0).unwrap()),
        ]);
        let tbs = Value::Sequence(vec![
            Value::Constructed(Tag::context(0), vec![Value::integer(2)]),
            Value::integer(1),
            alg.clone(),
            name(issuer),
            Value::Sequence(vec![
                Value::UtcTime(Cow::Borrowed(b"250101000000Z")),
                Value::UtcTime(Cow::Borrowed(b"350101000000Z")),
            ]),
            name(subject),
            spki,
            Value::Constructed(Tag::context(3), vec![Value::Sequence(exts)]),
        ]);
        let sig = Value::BitString(BitString::new(vec![0u8; 8], 0).unwrap());
        Value::Sequence(vec![tbs, alg, sig]).to_der()
    }

    #[test]
    fn rfc5280_4_2_1_policy_extensions_read_from_der() {
        let constraints = ext(
            "2.5.29.36",
            Value::Sequence(vec![
                Value::Primitive(Tag::context(0), Cow::Owned(vec![1])),
                Value::Primitive(Tag::context(1), Cow::Owned(vec![2])),
            ]),
        );
        let der = der_cert(
            "CA",
            "CA",
            vec![
                policies_ext(&[p(1), any()]),
                mappings_ext(&[(p(1), p(2))]),
                constraints,
                ext("2.5.29.54", Value::integer(3)),
            ],
        );
        let c = Certificate::from_der(&der).unwrap();
        let info = CertPolicyInfo::from_certificate(&c).unwrap();
        let want = CertPolicyInfo {
            policies: Some(vec![p(1), any()]),
            mappings: vec![(p(1), p(2))],
            require_explicit_policy: Some(1),
            inhibit_policy_mapping: Some(2),
            inhibit_any_policy: Some(3),
            self_issued: true,
        };
        assert_eq!(info, want);
        let der = der_cert("A", "B", vec![ext("2.5.29.19", Value::Sequence(vec![]))]);
        let none = Certificate::from_der(&der).unwrap();
        assert_eq!(CertPolicyInfo::from_certificate(&none).unwrap(), CertPolicyInfo::default());
    }

    #[test]
    fn rfc5280_4_2_1_11_malformed_policy_constraints_is_an_error() {
        // RFC 5280 4.2.1.11: the empty PolicyConstraints sequence MUST NOT be issued.
        let der = der_cert("CA", "EE", vec![ext("2.5.29.36", Value::Sequence(vec![]))]);
        let c = Certificate::from_der(&der).unwrap();
        let mut pp = PolicyProcessor::new(&PolicyOptions::default(), 1);
        let err = pp.process(&c).unwrap_err();
        assert_eq!(err.clause(), "RFC 5280 4.2.1.11");
        assert!(matches!(err.kind(), PolicyErrorKind::MalformedExtension(_)));
        assert!(std::error::Error::source(&err).is_some());
        assert!(err.to_string().starts_with("RFC 5280 4.2.1.11: malformed policy extension"));
    }

    #[test]
    fn rfc9618_5_4_b_1_mapping_through_certificates() {
        let ca = der_cert("Root", "CA", vec![policies_ext(&[p(1)]), mappings_ext(&[(p(1), p(2))])]);
        let ee = der_cert("CA", "EE", vec![policies_ext(&[p(2)])]);
        let (ca, ee) = (Certificate::from_der(&ca).unwrap(), Certificate::from_der(&ee).unwrap());
        let mut pp = PolicyProcessor::new(&explicit(), 2);
        pp.process(&ca).unwrap();
        pp.process(&ee).unwrap();
        assert_eq!(pp.finish().unwrap().user_constrained_policy_set, vec![p(1)]);
        // The EE alone, with initial-explicit-policy and user set {P1}: P2 is not P1.
        let opts = PolicyOptions { initial_policy_set: vec![p(1)], ..explicit() };
        let mut pp = PolicyProcessor::new(&opts, 1);
        pp.process(&ee).unwrap();
        assert_eq!(pp.finish().unwrap_err().clause(), "RFC 9618 5.5");
    }
}
