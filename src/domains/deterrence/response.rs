//! response: the coalition's rules of engagement and escalation ladder.
//!
//! A breach is detected, then attributed (with the option's probability),
//! then decided on, then acted on, each after its delay. Decisions are led by
//! the lead nations (the UK and France): the coalition climbs the ladder only
//! as high as the doctrine for that kind of breach and the most permissive
//! lead nation still present allow; with no lead nation left it can only
//! warn. National caveats cap what each nation's own forces do (a defensive-
//! only contingent does not join a counter-attack). Whether the coalition
//! acts at all is drawn with `answer_probability` times its cohesion. Neutral
//! (third-party) forces never respond.

use crate::config::NationId;
use crate::config::deterrence::Rung;

/// The highest rung the coalition may take against a breach whose doctrine
/// is `doctrine`, given which lead nations are `present` and their caveats.
pub fn allowed(doctrine: Rung, lead: &[NationId], present: &[bool], caveats: &[Rung]) -> Rung {
    let led = lead
        .iter()
        .filter(|n| present.get(usize::from(**n)).copied().unwrap_or(false))
        .map(|n| caveats.get(usize::from(*n)).copied().unwrap_or(Rung::Observe))
        .max();
    match led {
        Some(cap) => doctrine.min(cap),
        None => doctrine.min(Rung::Warn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_is_capped_by_doctrine_leads_and_their_caveats() {
        let caveats = [Rung::SupportCounterattack, Rung::Intercept];
        let lead = [0, 1];
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[true, true], &caveats), Rung::StrikeLauncher);
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[false, true], &caveats), Rung::Intercept);
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[false, false], &caveats), Rung::Warn);
        assert_eq!(allowed(Rung::Observe, &lead, &[true, true], &caveats), Rung::Observe);
    }
}
