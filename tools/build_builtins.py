"""Build the built-in frameworks and roles of leadcomp as canonical JSON.

The shipped files in src/leadcomp/builtin/ are the output of this script, byte for byte:

    python tools/build_builtins.py          # write the files
    python tools/build_builtins.py --check  # exit 1 if a shipped file differs from what is built

The mappings between built-in versions (builtin/mappings/) are written by hand, not built here.

Names and structure follow the original frameworks (they are facts); every summary, indicator and
level descriptor below is leadcomp's own wording. Each framework states whose structure it follows
and that it is an unofficial rendering. The generator is a development tool and is not shipped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "leadcomp" / "builtin"

WORDING = "names and structure only; wording by leadcomp"


def note(structure: str) -> str:
    """The provenance note every built-in framework carries."""
    return (
        f"Unofficial rendering: structure follows {structure}; summaries, indicators and "
        "descriptors are leadcomp's own wording."
    )


class Rev(str):
    """An indicator text that is reverse-keyed (agreeing with it is a bad sign)."""

    __slots__ = ()


#: An indicator: its text, numbered by its place in the list; or (number, text) for one that
#: takes a new number because its meaning changed from an earlier version of the framework (an id
#: keeps its meaning, and a number once used is never used again for another meaning).
Item = str | tuple[int, str]


def indicator(cid: str, place: int, item: Item) -> dict[str, Any]:
    """An indicator of competency ``cid`` at ``place`` (from 1) in its list."""
    number, text = item if isinstance(item, tuple) else (place, item)
    data: dict[str, Any] = {"id": f"{cid}.{number}", "text": str(text)}
    if isinstance(text, Rev):
        data["reverse"] = True
    return data


def scale(
    scale_id: str,
    title: str,
    levels: Sequence[tuple[int, str, str | None]],
    *,
    proficient: int | None = None,
    not_observed: str | None = None,
) -> dict[str, Any]:
    """A scale; ``not_observed`` is the label of the "not observed" answer when allowed."""
    data: dict[str, Any] = {"id": scale_id, "title": title, "levels": []}
    for value, label, description in levels:
        level: dict[str, Any] = {"value": value, "label": label}
        if description is not None:
            level["description"] = description
        data["levels"].append(level)
    if proficient is not None:
        data["proficient"] = proficient
    if not_observed is not None:
        data["not_observed"] = True
        data["not_observed_label"] = not_observed
    return data


def competency(
    cid: str,
    title: str,
    kind: str,
    description: str,
    *,
    parent: str | None = None,
    indicators: Sequence[Item] = (),
    descriptors: Sequence[str] = (),
    first_level: int = 1,
    replaces: Sequence[str] = (),
    relations: Sequence[dict[str, str]] = (),
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    """A competency; indicators get ids ``<cid>.1``, ``<cid>.2``... by place unless they give
    their own number; descriptors run upwards from ``first_level``."""
    data: dict[str, Any] = {"id": cid, "title": title, "kind": kind}
    if parent is not None:
        data["parent"] = parent
    data["description"] = description
    if tags:
        data["tags"] = list(tags)
    if replaces:
        data["replaces"] = list(replaces)
    if relations:
        data["relations"] = list(relations)
    if indicators:
        data["indicators"] = [
            indicator(cid, place, item) for place, item in enumerate(indicators, 1)
        ]
    if descriptors:
        data["descriptors"] = [
            {"level": first_level + n, "text": text} for n, text in enumerate(descriptors)
        ]
    return data


def framework(
    fid: str,
    version: str,
    title: str,
    description: str,
    *,
    source: str,
    licence: str,
    structure: str,
    scales: Sequence[dict[str, Any]],
    competencies: Sequence[dict[str, Any]],
    sequential: bool = False,
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    """A framework document as plain data."""
    return {
        "kind": "framework",
        "format": "1.0",
        "id": fid,
        "version": version,
        "title": title,
        "description": description,
        "provenance": {
            "source": source,
            "licence": licence,
            "unofficial": True,
            "note": note(structure),
        },
        "default_scale": scales[0]["id"],
        "sequential": sequential,
        "tags": list(tags),
        "scales": list(scales),
        "competencies": list(competencies),
    }


def slug(name: str) -> str:
    """A readable id part from a name: lower case, words joined by hyphens."""
    words = name.lower().replace("&", "and").replace(",", " ").replace("'", "").split()
    return "-".join(words)


# --------------------------------------------------------------------------------------------
# Healthcare Leadership Model (NHS Leadership Academy, 2013)

HLM_SCALE = scale(
    "hlm-level",
    "Healthcare Leadership Model level",
    [
        (1, "Essential", "Does this in their own day-to-day work."),
        (2, "Proficient", "Does it reliably and helps the colleagues nearest to them do it too."),
        (
            3,
            "Strong",
            "Makes it part of how a whole team or service runs, even when things are hard.",
        ),
        (
            4,
            "Exemplary",
            "Makes it happen across several services or organisations, and others learn from "
            "how they do it.",
        ),
    ],
    proficient=2,
    not_observed="Not observed",
)

# Written afresh for leadcomp from what a rater can see a leader do in everyday health and care
# work. Only the nine dimension names, their order and the four level names come from the
# published model; no sentence below rewords its definitions or questions.
HLM_DIMENSIONS: list[tuple[str, str, list[str], list[str]]] = [
    (
        "Inspiring shared purpose",
        "In everyday decisions, keeps coming back to what patients and the public need, and "
        "shows colleagues where their own work fits in.",
        [
            "When handing out a task, says which patients it will help and how.",
            "Says so at the time when a decision or practice seems wrong for patients, even if "
            "it is awkward.",
            "Questions routines that no longer serve patients well and suggests what to do "
            "instead.",
            "Keeps to the same rules and standards they expect colleagues to keep.",
            Rev("Argues for what suits themselves or their own team when it is not what is best "
                "for patients."),
        ],
        [
            "Can say who their own work is for and uses that to settle everyday choices.",
            "Often reminds the team who their work is for and speaks up when practice drifts "
            "away from it.",
            "Gets the team to judge its plans and habits by what they do for patients, and "
            "challenges poor practice with senior colleagues too.",
            "Brings people from different services together around what patients need, and is "
            "known for holding to it when that is unpopular.",
        ],
    ),
    (
        "Leading with care",
        "Pays attention to how colleagues, and they themselves, are coping, and acts on it so "
        "that people can work well and safely.",
        [
            "Checks in with a colleague who seems tired or upset and offers practical help, such "
            "as swapping a task or finding cover.",
            "Stays calm and courteous with the team when under pressure themselves.",
            "Gives each person the amount of direction and support that person needs, rather "
            "than treating everyone the same.",
            Rev("Cuts colleagues off or dismisses their worries when the day is busy."),
            "Thanks people for owning up to a mistake or asking for help, and does not blame "
            "them for it.",
        ],
        [
            "Is kind to colleagues and notices when they, or the people around them, are not "
            "coping.",
            "Makes a habit of asking how people are, follows up on what they hear, and keeps "
            "their own stress from landing on others.",
            "Sets up routines, such as breaks, debriefs and fair rotas, that keep the team well, "
            "and keeps them going in busy periods.",
            "Is looked to across services for support when things go badly wrong, and changes "
            "how organisations look after their staff.",
        ],
    ),
    (
        "Evaluating information",
        "Checks the facts before deciding, asking where figures and accounts come from, and "
        "turns what they find into better ways of working.",
        [
            "Asks patients, carers and front-line staff what they see before reaching a view, "
            "not only the written reports.",
            "Asks where a figure comes from and what it leaves out before relying on it.",
            "Backs a proposal for change with the evidence for it.",
            "Points out a trend, or a link between problems, that others had not noticed.",
        ],
        [
            "Uses the facts in front of them to make sound choices in their own work.",
            "Looks at more than one source and checks it before acting.",
            "Puts figures, feedback and research side by side to find new answers, and plans "
            "changes in the team from them.",
            "Sets up regular ways for several services to review and learn from their "
            "information, and uses it to prepare for needs that are coming.",
        ],
    ),
    (
        "Connecting our service",
        "Works across the gaps between teams and organisations so that patients move smoothly "
        "from one to the next.",
        [
            "Thinks through how a change in their own team will affect other teams before "
            "making it.",
            "Keeps in regular touch with named colleagues in other organisations, such as the "
            "local hospital, practices or social care.",
            "Adjusts how they work with a partner to fit that partner's ways and pressures.",
            Rev("Leaves a problem that starts outside their own team for others to sort out, "
                "even when it affects their patients."),
            "Can explain to the team how new national or local policies will affect their work.",
        ],
        [
            "Knows which teams they depend on and which depend on them.",
            "Works with neighbouring teams to fix the hand-overs where patients get stuck.",
            "Joins up services across organisations and plans with the whole local picture in "
            "mind.",
            "Changes how several organisations work together and gets services ready for "
            "changes in policy before they arrive.",
        ],
    ),
    (
        "Sharing the vision",
        "Tells people where the service is heading and why, in words they can use, so that "
        "they can see their part in getting there.",
        [
            "Describes the team's goals for the coming months in plain words that colleagues can "
            "repeat.",
            "Explains why a decision was made, not only what it is.",
            "Gives different groups the same message, put in the terms that make sense to each.",
            "Is open about what is going badly while showing how the team can still reach its "
            "goal.",
        ],
        [
            "Is clear and truthful about their own work and what they plan to do.",
            "Makes the team's direction easy to follow and shows the steps to get there.",
            "Gets people to believe in a shared direction and keeps that belief going when "
            "things go wrong.",
            "Describes a future for a whole organisation or area that many different groups "
            "sign up to.",
        ],
    ),
    (
        "Engaging the team",
        "Brings people into the decisions that affect them and makes sure that what they offer "
        "is used and recognised.",
        [
            "Brings a problem to the team and asks how they would tackle it before settling on "
            "an answer.",
            "Names, in front of others, the person whose idea or work made a result possible.",
            "When team members disagree, makes sure each side is heard and helps them agree a "
            "way forward.",
            Rev("Announces changes to the team's work that the team had no say in."),
            "Invites views from people who rarely speak up in meetings, such as new, junior or "
            "part-time staff.",
        ],
        [
            "Plays a full part in the team and shows they value what colleagues do.",
            "Involves the team in decisions as a matter of course and acknowledges what each "
            "person adds.",
            "Runs the team so that everyone contributes and people treat its results as theirs "
            "together.",
            "Creates conditions in which teams across an organisation take the lead in improving "
            "their own work.",
        ],
    ),
    (
        "Holding to account",
        "Makes it plain what good work looks like, checks how things are going, and talks to "
        "people straightforwardly about what is and is not working.",
        [
            "Makes sure each person knows what they are expected to deliver and by when.",
            "Tells people what they did well and what to change, with examples.",
            "Raises a problem with someone's work soon after noticing it, in private and fairly.",
            "Meets the deadlines and standards they set for others.",
        ],
        [
            "Does what they have said they will do and owns up to their mistakes.",
            "Sets out what is expected, keeps track of progress and talks it through with people "
            "regularly.",
            "Runs a team in which high standards are normal, people see results as theirs, and "
            "problems are dealt with early.",
            "Raises the bar across organisations and sets up ways of checking results that "
            "others copy.",
        ],
    ),
    (
        "Developing capability",
        "Helps people, themselves included, get better at their work, and treats everyday "
        "tasks as chances to learn.",
        [
            "Asks colleagues how they could do better themselves and acts on what they hear.",
            "Hands people tasks a step beyond what they have done before, with support to "
            "succeed.",
            "Sets aside time to coach or teach colleagues.",
            "After something goes well or badly, gets the team to talk through what to keep and "
            "what to change.",
        ],
        [
            "Takes charge of their own learning and makes changes after feedback.",
            "Helps colleagues grow through feedback, coaching and new tasks.",
            "Plans the team's learning around what it will need next and brings on the leaders "
            "of the future.",
            "Builds skills across organisations and is known for developing people who go on to "
            "lead elsewhere.",
        ],
    ),
    (
        "Influencing for results",
        "Wins backing for what patients and the service need by understanding what other "
        "people care about and making a case that speaks to it.",
        [
            "Finds out what matters to someone before asking for their support.",
            "Changes how they make their case to suit the listener, using figures for one and "
            "patients' stories for another.",
            "Brings together colleagues who share a goal so that they press for it jointly.",
            "Looks for an answer that gives both sides something they need.",
            "Gets colleagues they do not manage to take on work or change a practice.",
        ],
        [
            "Says what they think clearly and listens to what others think.",
            "Adjusts their approach and arguments to bring colleagues round.",
            "Uses contacts and alliances to shape decisions made outside their own team.",
            "Shapes decisions across organisations through wide contacts and a good grasp of "
            "what others want.",
        ],
    ),
]


def hlm() -> dict[str, Any]:
    """The Healthcare Leadership Model: nine dimensions, four levels."""
    return framework(
        "hlm",
        "1.0.0",
        "Healthcare Leadership Model",
        "Nine dimensions of leadership behaviour for everyone who works in health and care, "
        "each rated on four levels from Essential to Exemplary. Levels are not tied to job "
        "grades: a person can sit at different levels on different dimensions. Indicators are "
        "answered on the same four levels; reverse-keyed ones describe behaviour to avoid.",
        source="NHS Leadership Academy, Healthcare Leadership Model (2013, version 1.0)",
        licence=(
            "The original's terms forbid adaptation and limit copying; leadcomp ships the "
            "dimension and level names only, with its own summaries, indicators and descriptors"
        ),
        structure="the NHS Leadership Academy's Healthcare Leadership Model (2013)",
        scales=[HLM_SCALE],
        tags=["nhs", "healthcare", "leadership", "360"],
        competencies=[
            competency(
                f"hlm.{slug(name)}", name, "behaviour", summary,
                indicators=indicators, descriptors=descriptors,
            )
            for name, summary, indicators, descriptors in HLM_DIMENSIONS
        ],
    )


# --------------------------------------------------------------------------------------------
# Clinical Leadership Competency Framework (2011) and NHS Leadership Framework (2011)

FOUR_LEVELS = scale(
    "leadership-level",
    "Leadership level (leadcomp's own scale)",
    [
        (1, "Foundation", "Shows the element in their own practice, with guidance."),
        (2, "Developing", "Shows it independently in routine situations."),
        (3, "Established", "Shows it reliably in complex situations and supports others in it."),
        (4, "Expert", "Leads it across services and shapes how others practise it."),
    ],
    proficient=3,
    not_observed="Not observed",
)

# domain name, summary, [(element name, summary, indicators, descriptors levels 1..4)]
Element = tuple[str, str, list[str], list[str]]
CLCF_DOMAINS: list[tuple[str, str, list[Element]]] = [
    (
        "Demonstrating Personal Qualities",
        "The leader's own conduct: knowing themselves, keeping their work in order, going on "
        "learning and being someone others can trust.",
        [
            (
                "Developing Self Awareness",
                "Can say what they are good and less good at, notices their own reactions, and "
                "sees how these land on other people.",
                [
                    "After a difficult conversation or case, talks about how their own manner "
                    "affected the patient or colleague.",
                    "Asks colleagues directly what they do well and what they could do better.",
                    "Can name the feelings or beliefs that are colouring a judgement, and allows "
                    "for them.",
                ],
                [
                    "Reflects on their own values and reactions when prompted by feedback or "
                    "supervision.",
                    "Routinely reflects on their practice and acts on what they learn about "
                    "themselves.",
                    "Uses deep self-knowledge to adapt how they lead to the situation and the "
                    "people involved.",
                    "Models open reflection and helps others to grow in self-awareness.",
                ],
            ),
            (
                "Managing Yourself",
                "Keeps their own workload, time and promises in order, so that others can count "
                "on them.",
                [
                    "Orders their tasks by importance and finishes what they have promised on "
                    "time.",
                    "Keeps working steadily and thinking clearly when the pressure rises.",
                    Rev("Says yes to more work than they can manage, so that things are late or "
                        "left undone."),
                ],
                [
                    "Manages their own time and tasks with some guidance.",
                    "Organises their own work reliably and copes with routine pressure.",
                    "Stays effective through competing demands and helps others keep "
                    "perspective.",
                    "Sets an example of sustainable, well-organised working that others follow.",
                ],
            ),
            (
                "Continuing Personal Development",
                "Keeps improving their own practice, choosing what to learn next and using it in "
                "their work.",
                [
                    "Chooses what they want to learn next and takes steps towards it.",
                    "Looks back on what went well and what went wrong in their own work and draws "
                    "lessons from both.",
                    "Uses something newly learned in their practice soon after learning it.",
                ],
                [
                    "Takes part in the learning expected of them.",
                    "Plans their own development and seeks out opportunities to learn.",
                    "Uses challenging experiences deliberately to grow and shares what they "
                    "learn.",
                    "Shapes a learning culture and creates development opportunities for others.",
                ],
            ),
            (
                "Acting with Integrity",
                "Tells the truth, keeps to their principles when that costs them something, and "
                "treats everyone fairly.",
                [
                    "Owns up to their own mistakes and tells the people affected.",
                    "Treats every patient and colleague with the same courtesy, whoever they are.",
                    "Speaks up when they see someone treated unfairly or a rule of good conduct "
                    "broken.",
                ],
                [
                    "Follows professional and ethical codes in their own practice.",
                    "Acts consistently on their values and raises concerns when standards are "
                    "not met.",
                    "Takes a principled stand on difficult issues and protects an inclusive "
                    "environment.",
                    "Builds organisational cultures of openness, fairness and ethical practice.",
                ],
            ),
        ],
    ),
    (
        "Working with Others",
        "Getting things done with and through other people: contacts, working relationships, "
        "other people's ideas and teamwork.",
        [
            (
                "Developing Networks",
                "Has working contacts beyond their own team and organisation, and uses them for "
                "the good of patients.",
                [
                    "Gets to know people in other teams and organisations who could help their "
                    "patients.",
                    "Passes useful news, contacts and materials on to others in their networks.",
                    "Brings together people from different places who face the same problem.",
                ],
                [
                    "Knows who the key people are in and around their own team.",
                    "Keeps up working contacts across professional and team boundaries.",
                    "Builds networks across organisations and uses them to solve shared "
                    "problems.",
                    "Creates and leads networks that change how services work together.",
                ],
            ),
            (
                "Building & Maintaining Relationships",
                "Gets on well enough with colleagues of every profession to work through "
                "disagreement together, and keeps it that way.",
                [
                    "Lets others finish, asks about their views and shows that they have taken "
                    "them in.",
                    "Explains things so that people from other professions and backgrounds "
                    "understand them first time.",
                    "Disagrees with a colleague without damaging their working relationship.",
                ],
                [
                    "Builds courteous, respectful relationships with immediate colleagues.",
                    "Keeps productive relationships going with colleagues of other professions, "
                    "including through disagreement.",
                    "Builds trust with people who have different interests and repairs "
                    "relationships that have broken down.",
                    "Is trusted across organisations and brokers relationships between others.",
                ],
            ),
            (
                "Encouraging Contribution",
                "Draws ideas out of colleagues, patients and partners, and puts the good ones to "
                "use.",
                [
                    "Asks every member of the team, not only the most vocal, for their view.",
                    "Says thank you for ideas and effort, and names who gave them.",
                    Rev("Talks over others in discussions, so that their views go unheard."),
                ],
                [
                    "Welcomes the contributions of others when they are offered.",
                    "Actively asks for views, including from those who speak up less.",
                    "Builds ways of working that draw out ideas from patients, staff and "
                    "partners and act on them.",
                    "Creates an organisational climate in which people routinely contribute to "
                    "decisions.",
                ],
            ),
            (
                "Working within Teams",
                "Does their share in the teams they belong to, leading or following as the work "
                "needs.",
                [
                    "Knows what each team member's role is and relies on them for it.",
                    "Steps forward to lead when that is needed and lets others lead when they are "
                    "better placed.",
                    "Helps the team settle on common goals and keeps its work pointed at them.",
                ],
                [
                    "Does their part in the team reliably and supports colleagues.",
                    "Helps the team work together, clarifying roles and shared goals.",
                    "Leads multiprofessional teams through complex work and builds their "
                    "cohesion.",
                    "Designs and develops teams across services so that they perform well "
                    "together.",
                ],
            ),
        ],
    ),
    (
        "Managing Services",
        "The practical running of a service: plans, money and staff, people and results.",
        [
            (
                "Planning",
                "Helps work out what the service will do, when and with what, and changes course "
                "when needed.",
                [
                    "Helps set goals for the service that can actually be met with what it has.",
                    "Asks patients and colleagues for their views while a plan is still being "
                    "drawn up.",
                    "Thinks ahead about what could go wrong and builds a response into the plan.",
                ],
                [
                    "Plans their own work in line with the service's objectives.",
                    "Contributes to service plans and turns them into practical actions.",
                    "Leads the planning of a service, balancing needs, risks and resources.",
                    "Leads planning across services and organisations over several years.",
                ],
            ),
            (
                "Managing Resources",
                "Knows what staff, money, time and equipment a service has, and gets the most "
                "from them.",
                [
                    "Can say what their service spends on staff, supplies and equipment.",
                    "Spots and stops waste, such as unused stock or work done twice.",
                    "When there is not enough to go round, decides fairly and explains how the "
                    "choice was made.",
                ],
                [
                    "Uses the resources in their own work carefully.",
                    "Monitors resource use in their area and suggests savings.",
                    "Manages a budget and workforce, making open trade-offs between competing "
                    "needs.",
                    "Shapes how resources are allocated across services for the best value.",
                ],
            ),
            (
                "Managing People",
                "Gives the people they manage clear direction and the help they need to do good "
                "work.",
                [
                    "Makes sure each person they manage knows what is expected of them.",
                    "Makes time for the learning and wellbeing of the people they manage.",
                    "Tackles problems with or between staff early and even-handedly.",
                ],
                [
                    "Supports and guides colleagues informally, such as trainees or new "
                    "starters.",
                    "Allocates work, gives direction and supports the people they supervise.",
                    "Manages a team's workforce, including recruitment, development and "
                    "difficult conversations.",
                    "Shapes workforce plans and people practices across services.",
                ],
            ),
            (
                "Managing Performance",
                "Keeps track of how the service is doing against its goals and acts when it falls "
                "short.",
                [
                    "Looks at the service's figures regularly to see how it is doing.",
                    "Acts when results slip, instead of hoping the problem goes away.",
                    "Goes through the team's results with them against the goals they agreed.",
                ],
                [
                    "Knows the standards expected of their own work and meets them.",
                    "Tracks performance in their area and raises problems early.",
                    "Manages a service's performance, setting goals and acting on shortfalls.",
                    "Builds performance frameworks that drive improvement across services.",
                ],
            ),
        ],
    ),
    (
        "Improving Services",
        "Making care safer and better: spotting risks, questioning how things are done, and "
        "trying better ways.",
        [
            (
                "Ensuring Patient Safety",
                "Spots what could harm patients, acts to prevent it, and makes sure lessons are "
                "learned when harm happens.",
                [
                    "Reports hazards to patients as soon as they see them.",
                    "Makes sure incidents and near misses are looked into and that the lessons "
                    "reach colleagues.",
                    "Follows safety checks themselves and suggests how to make them work better.",
                ],
                [
                    "Follows safety procedures and reports incidents in their own practice.",
                    "Spots risks in their area, acts on them and shares lessons from incidents.",
                    "Leads safety improvement in a service and builds a culture of reporting "
                    "and learning.",
                    "Shapes safety systems and culture across organisations.",
                ],
            ),
            (
                "Critically Evaluating",
                "Asks hard questions about how well services work, using figures and patients' "
                "accounts.",
                [
                    "Uses audits, figures and feedback to judge whether a service is working "
                    "well.",
                    "Questions a long-standing way of working when the evidence points to a "
                    "better one.",
                    "Asks patients and carers to help judge how well a service works for them.",
                ],
                [
                    "Takes part in audits and reviews of their own service.",
                    "Analyses information about their service and draws sound conclusions.",
                    "Leads evaluations that combine data, evidence and patient experience.",
                    "Builds a habit of rigorous evaluation across services.",
                ],
            ),
            (
                "Encouraging Improvement and Innovation",
                "Gets colleagues trying new and better ways of working, and backs them when they "
                "do.",
                [
                    "Puts forward new ways of working and tries them out on a small scale.",
                    "Asks colleagues for their ideas on how things could be better.",
                    "Tests changes in a planned way, measuring before and after.",
                ],
                [
                    "Is open to new ways of working and suggests improvements.",
                    "Tests improvement ideas in their own area using a structured method.",
                    "Leads improvement projects and helps others to innovate.",
                    "Builds a culture of continuous improvement and spreads innovations "
                    "between services.",
                ],
            ),
            (
                "Facilitating Transformation",
                "Takes people through large changes to how care is given, helping them with what "
                "they lose and gain.",
                [
                    "Explains to colleagues why a change is needed, in terms of what it means for "
                    "patients.",
                    "Checks in with people unsettled by a change and helps them through it.",
                    "Keeps a change on track once the early excitement has faded.",
                ],
                [
                    "Takes part constructively in changes led by others.",
                    "Explains changes to colleagues and supports them through transition.",
                    "Leads significant change in a service, dealing with resistance.",
                    "Leads transformation across organisations and sustains it.",
                ],
            ),
        ],
    ),
    (
        "Setting Direction",
        "Deciding what a service should do next by reading what is changing around it, using "
        "evidence and checking the results.",
        [
            (
                "Identifying the Contexts for Change",
                "Keeps track of what is changing around the service: policy, money, technology, "
                "the professions and the local population.",
                [
                    "Follows news of policy, funding and professional changes that touch their "
                    "service.",
                    "Tells colleagues what a change outside the service will mean for their work.",
                    "Thinks ahead about how patients' needs and expectations will change in the "
                    "coming years.",
                ],
                [
                    "Is aware of the main policies that affect their own work.",
                    "Understands how wider changes affect their service and tells colleagues.",
                    "Analyses the wider context and uses it to shape the service's plans.",
                    "Anticipates shifts in the wider environment and positions services ahead "
                    "of them.",
                ],
            ),
            (
                "Applying Knowledge and Evidence",
                "Finds the research and data that bear on a question and uses them to decide what "
                "to change.",
                [
                    "Looks up and weighs the research before proposing a change.",
                    "Uses local figures to find where the service could do better.",
                    "Uses evidence when deciding how a service should be set up.",
                ],
                [
                    "Uses evidence in their own practice.",
                    "Finds and appraises evidence and data relevant to their service.",
                    "Leads service design that combines research, data and local knowledge.",
                    "Builds the capacity of organisations to use evidence in setting direction.",
                ],
            ),
            (
                "Making Decisions",
                "Reaches decisions that weigh evidence, values and patients' needs, and explains "
                "them to the people affected.",
                [
                    "Makes a decision when one is needed, rather than letting it drift.",
                    "Brings the people a decision affects into making it.",
                    "Tells people why a decision went the way it did.",
                ],
                [
                    "Makes sound decisions within their own area of practice.",
                    "Contributes to team decisions with evidence and explains their reasoning.",
                    "Makes difficult service decisions, weighing competing views openly.",
                    "Leads complex decisions across organisations with broad support.",
                ],
            ),
            (
                "Evaluating Impact",
                "Checks whether a change worked and tells others what was learned.",
                [
                    "Agrees how success will be measured before a change starts.",
                    "Looks honestly at what a change achieved, including when it failed.",
                    "Writes up or presents what an evaluation found so that others can use it.",
                ],
                [
                    "Checks whether changes in their own practice made a difference.",
                    "Measures the effect of changes in their area and reports the results.",
                    "Plans and leads the evaluation of service changes and acts on the "
                    "findings.",
                    "Builds evaluation into strategy and shares learning across the system.",
                ],
            ),
        ],
    ),
]

NHS_LF_EXTRA: list[tuple[str, str, list[Element]]] = [
    (
        "Creating the Vision",
        "Working out, and getting others behind, what the organisation should become.",
        [
            (
                "Developing the Vision for the Organisation",
                "Works out with others what the organisation should look like in years to come, "
                "starting from what patients and local people need.",
                [
                    "Starts from what the local population needs when describing the "
                    "organisation's future.",
                    "Tries out a draft of the vision on staff, patients and partners and changes "
                    "it in the light of what they say.",
                    "Revisits the vision when circumstances change.",
                ],
                [
                    "Contributes ideas to the vision of their part of the organisation.",
                    "Helps shape a vision for their service that fits the organisation's.",
                    "Leads the development of a vision for the organisation with its "
                    "stakeholders.",
                    "Develops a bold, well-founded vision that positions the organisation for "
                    "the long term.",
                ],
            ),
            (
                "Influencing the Vision of the Wider Healthcare System",
                "Takes part in setting the direction of health and care beyond their own "
                "organisation.",
                [
                    "Takes part in planning with other health and care organisations in the area.",
                    "Wins the support of leaders in other organisations for what their own "
                    "organisation needs.",
                    "Weighs what their organisation wants against what is best for the area's "
                    "services as a whole.",
                ],
                [
                    "Understands the wider system's direction and how their organisation fits.",
                    "Represents their organisation's view in system discussions.",
                    "Influences system plans through strong relationships with partners.",
                    "Shapes the direction of the wider system and is trusted by its leaders.",
                ],
            ),
            (
                "Communicating the Vision",
                "Talks about where the organisation is going so that staff and partners want to "
                "help it get there.",
                [
                    "Explains the vision in terms that each group of staff can connect with their "
                    "own work.",
                    "Brings up the vision in meetings, visits and messages whenever it fits.",
                    "Hears out doubts about the vision and answers them.",
                ],
                [
                    "Can explain the vision to colleagues in their own area.",
                    "Communicates the vision consistently and links it to people's work.",
                    "Wins commitment to the vision across the organisation through many "
                    "channels.",
                    "Inspires staff, partners and the public with the vision.",
                ],
            ),
            (
                "Embodying the Vision",
                "Acts in line with where the organisation says it is going, so that others "
                "believe in it.",
                [
                    "Makes their own decisions in line with the vision.",
                    "Spends time where staff work and is easy to approach.",
                    Rev("Talks up the vision but acts against it."),
                ],
                [
                    "Behaves in line with the organisation's values.",
                    "Is seen to act on the vision in day-to-day decisions.",
                    "Is a visible role model of the vision across the organisation.",
                    "Personifies the vision so that it is trusted inside and outside the "
                    "organisation.",
                ],
            ),
        ],
    ),
    (
        "Delivering the Strategy",
        "Turning what the organisation wants to become into choices, plans and lasting change.",
        [
            (
                "Framing the Strategy",
                "Lays out the main routes the organisation could take and what each would mean.",
                [
                    "Studies where the organisation stands and what options it has before "
                    "choosing a strategy.",
                    "Picks out the few priorities that matter most.",
                    "Weighs risks and the views of the people affected when setting out strategic "
                    "choices.",
                ],
                [
                    "Understands the strategic choices facing their part of the organisation.",
                    "Contributes analysis of options to strategic discussions.",
                    "Frames the organisation's strategic choices clearly, with their risks.",
                    "Frames strategy that anticipates the future and sets a clear course.",
                ],
            ),
            (
                "Developing the Strategy",
                "Turns the chosen route into plans with people, money and dates attached.",
                [
                    "Brings staff, patients and partners into drawing up the strategic plans.",
                    "Checks that plans can be carried out and paid for.",
                    "Sets the dates and measures by which progress on the strategy will be "
                    "judged.",
                ],
                [
                    "Contributes to strategic plans for their own area.",
                    "Develops strategic plans for a service with milestones and measures.",
                    "Develops the organisation's strategy with its stakeholders.",
                    "Develops strategy jointly across organisations in the system.",
                ],
            ),
            (
                "Implementing the Strategy",
                "Gets the plans carried out and clears what stands in their way.",
                [
                    "Puts people and money where the strategy's priorities are.",
                    "Follows progress on delivery and acts when it goes off course.",
                    "Clears the obstacles that hold up delivery.",
                ],
                [
                    "Delivers their part of the strategy as planned.",
                    "Leads delivery in their area and reports progress honestly.",
                    "Leads the organisation's delivery, correcting course when needed.",
                    "Delivers strategy across organisations through shared governance.",
                ],
            ),
            (
                "Embedding the Strategy",
                "Makes sure new ways of working last after the project that brought them has "
                "ended.",
                [
                    "Writes new ways of working into procedures, job roles and systems.",
                    "Checks later whether changes have lasted and acts if they have not.",
                    "Marks and celebrates progress towards the strategy.",
                ],
                [
                    "Works in the new ways the strategy asks for.",
                    "Builds strategic changes into the routines of their area.",
                    "Embeds strategic change across the organisation's systems and culture.",
                    "Sustains strategic change across the system over the long term.",
                ],
            ),
        ],
    ),
]


def _domains(
    prefix: str,
    domains: Sequence[tuple[str, str, Sequence[Element]]],
    *,
    match: str | None = None,
) -> list[dict[str, Any]]:
    """Domains with their elements; ``match`` names a framework whose elements are the same."""
    out: list[dict[str, Any]] = []
    for name, summary, elements in domains:
        domain_id = f"{prefix}.{slug(name)}"
        out.append(competency(domain_id, name, "domain", summary))
        for element, element_summary, indicators, descriptors in elements:
            relations = (
                [{"type": "exact_match", "target": f"{match}.{slug(element)}", "framework": match}]
                if match is not None
                else []
            )
            out.append(
                competency(
                    f"{prefix}.{slug(element)}", element, "skill", element_summary,
                    parent=domain_id, indicators=indicators, descriptors=descriptors,
                    relations=relations,
                )
            )
    return out


def clcf() -> dict[str, Any]:
    """The Clinical Leadership Competency Framework: five domains of four elements."""
    return framework(
        "clcf",
        "1.0.0",
        "Clinical Leadership Competency Framework",
        "Five domains of leadership for clinicians of every profession, each with four "
        "elements. Elements are rated on leadcomp's own four-level scale (Foundation, "
        "Developing, Established, Expert), not the original's stages; a domain's result comes "
        "from its elements.",
        source=(
            "NHS Institute for Innovation and Improvement with the Academy of Medical Royal "
            "Colleges: Medical Leadership Competency Framework (2010) and its multiprofessional "
            "form, the Clinical Leadership Competency Framework (2011)"
        ),
        licence=WORDING,
        structure="the Clinical Leadership Competency Framework (2011), 5 domains x 4 elements",
        scales=[FOUR_LEVELS],
        tags=["nhs", "clinical", "leadership"],
        competencies=_domains("clcf", CLCF_DOMAINS),
    )


def nhs_lf() -> dict[str, Any]:
    """The NHS Leadership Framework: the five CLCF domains plus two for senior leaders."""
    return framework(
        "nhs-lf",
        "1.0.0",
        "NHS Leadership Framework",
        "The five domains of the Clinical Leadership Competency Framework for all staff, plus "
        "two domains for senior leaders (Creating the Vision, Delivering the Strategy): seven "
        "domains of four elements. Elements are rated on leadcomp's own four-level scale; the "
        "first five domains' elements are exact matches of the clcf built-in's.",
        source="NHS Leadership Academy, NHS Leadership Framework (2011)",
        licence=WORDING,
        structure="the NHS Leadership Framework (2011), 7 domains x 4 elements",
        scales=[FOUR_LEVELS],
        tags=["nhs", "leadership", "senior-leaders"],
        competencies=_domains("nhs-lf", CLCF_DOMAINS, match="clcf")
        + _domains("nhs-lf", NHS_LF_EXTRA),
    )


# --------------------------------------------------------------------------------------------
# NHS England board Leadership Competency Framework (2024)

# Written afresh for leadcomp as things a board member can be seen to do in and around board
# meetings. Only the six domain names, their order and the answer format come from the source.
BOARD_DOMAINS: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "quality-and-sustainable-outcomes",
        "Driving high quality and sustainable outcomes",
        "Keeps the care people receive, and what it costs, in front of the board whenever it "
        "decides.",
        [
            "When the board reviews performance, I ask what the figures show about the safety "
            "and quality of care, as well as about money.",
            "When a decision would ease this year's pressures, I ask what it will cost the "
            "organisation in later years.",
            "I bring what patients and service users have told us into the board's discussion "
            "before it decides.",
            "I question spending when I cannot see what it gives patients in return.",
        ],
        [
            "Rarely brings questions about care, safety or value for money to board business.",
            "Now and then asks about care and value, mostly when a paper raises them.",
            "Often asks about care, safety and value and wants to see the evidence.",
            "Nearly always makes sure board decisions are judged by what they do for patients "
            "and what they cost.",
        ],
    ),
    (
        "strategy-and-transformation",
        "Setting strategy and delivering long-term transformation",
        "Helps the board decide where the organisation should be in some years' time and keeps "
        "it working towards that.",
        [
            "When the board discusses strategy, I bring in what we know about the health and "
            "needs of local people.",
            "I ask which plans, owners and dates will turn a strategic aim into action.",
            "I bring the board back to its long-term aims when the agenda fills with immediate "
            "problems.",
            "I point the board to new ways of working, digital tools or research that could "
            "change how services are run.",
        ],
        [
            "Rarely takes part in discussions of strategy; attention stays on this month.",
            "Now and then adds to discussions of strategy but seldom follows aims through to "
            "action.",
            "Often helps shape strategy and checks that plans move the organisation towards it.",
            "Nearly always helps the board keep to its long-term course and lead large changes "
            "to services.",
        ],
    ),
    (
        "equality-and-inclusion",
        "Promoting equality and inclusion, and reducing health and workforce inequalities",
        "Makes sure board decisions narrow, rather than widen, the gaps in health and in working "
        "life between groups of patients and staff.",
        [
            "Before a decision is made, I ask which groups of patients or staff could lose out "
            "from it.",
            "I ask for figures broken down by group, such as ethnicity, disability or area, and "
            "follow up when the gaps do not close.",
            "I act in ways others can see to make the board and the organisation open to people "
            "of every background.",
            "I look back at my own decisions and judgements for signs of bias and change what I "
            "do.",
        ],
        [
            "Rarely asks about fairness or gaps between groups in board business.",
            "Now and then raises fairness, usually when it is already on the agenda.",
            "Often asks who loses out from a decision and checks the figures later.",
            "Nearly always speaks up for fair treatment and keeps the organisation answerable "
            "for closing the gaps.",
        ],
    ),
    (
        "governance-and-assurance",
        "Providing robust governance and assurance",
        "Does the board's job thoroughly: tests what it is told against evidence and keeps its "
        "main risks in view.",
        [
            "When told that something is under control, I ask what evidence shows it.",
            "I know the duties that come with my board role and can show how I meet them.",
            "I help the board decide which of its risks matter most and what is being done about "
            "each.",
            "When I am still not satisfied, I record my concern and take it through the right "
            "route, such as a committee or the chair.",
        ],
        [
            "Rarely questions what the board is told.",
            "Now and then probes papers, but not consistently.",
            "Often checks what the board is told against evidence and helps keep risks in hand.",
            "Nearly always asks firm, fair questions that make the board's oversight stronger.",
        ],
    ),
    (
        "compassionate-culture",
        "Creating a compassionate, just and positive culture",
        "Treats people well in and out of the boardroom and helps build a workplace where staff "
        "can raise problems without fear.",
        [
            "I stay courteous and considerate towards colleagues, even in tense meetings.",
            "When staff raise a concern, I thank them, act on it and tell them what happened.",
            "When something goes wrong, I ask what in the way we work allowed it before asking "
            "who was at fault.",
            "I behave in the way the organisation asks of its staff, including when no one is "
            "watching.",
        ],
        [
            "Rarely shows the behaviour expected of staff, or pays attention to how people are "
            "treated.",
            "Now and then shows kindness and fairness, less so under pressure.",
            "Often treats people kindly and fairly and encourages staff to raise problems.",
            "Nearly always shapes a workplace where people are treated well, and staff trust "
            "them to act on concerns.",
        ],
    ),
    (
        "partners-and-communities",
        "Building a trusted relationship with partners and communities",
        "Works with other organisations and with local people so that services meet the needs "
        "of the area, and keeps the promises made to them.",
        [
            "I work with councils, other health bodies and voluntary groups on goals we share "
            "for local people.",
            "I go out to hear from local people and groups, and bring what they say back to the "
            "board.",
            "I tell partners plainly what we can and cannot do, and then do what I have said.",
            "I stand up for the organisation's interests without working against what is best "
            "for the area as a whole.",
        ],
        [
            "Rarely deals with partners or local people beyond the organisation.",
            "Now and then deals with partners, mostly when it is required.",
            "Often builds working relationships with partners and brings local people's views "
            "to the board.",
            "Nearly always builds partnerships that others trust and that improve health in the "
            "area.",
        ],
    ),
]


def board() -> dict[str, Any]:
    """NHS England's board Leadership Competency Framework: six domains, frequency scale."""
    return framework(
        "nhs-board-lcf",
        "1.0.0",
        "NHS board Leadership Competency Framework",
        "Six competency domains for members of NHS boards (executive and non-executive). Each "
        "domain has self-assessment statements answered by how often they hold true; "
        "'No chance to demonstrate' is an answer of its own, never a zero.",
        source=(
            "NHS England, Leadership Competency Framework for board members of NHS "
            "organisations (2024)"
        ),
        licence=WORDING,
        structure="NHS England's board Leadership Competency Framework (2024), six domains",
        scales=[
            scale(
                "frequency",
                "How often (self-assessment)",
                [
                    (1, "Rarely or never", None),
                    (2, "Occasionally", None),
                    (3, "Frequently", None),
                    (4, "Almost always", None),
                ],
                proficient=3,
                not_observed="No chance to demonstrate",
            )
        ],
        tags=["nhs", "board", "governance", "self-assessment"],
        competencies=[
            competency(
                f"nhs-board-lcf.{key}", name, "domain", summary,
                indicators=indicators, descriptors=descriptors,
            )
            for key, name, summary, indicators, descriptors in BOARD_DOMAINS
        ],
    )


# --------------------------------------------------------------------------------------------
# Organisational readiness for implementing change (ORIC structure, Shea et al. 2014)


def oric() -> dict[str, Any]:
    """Organisational readiness: change commitment (5 items) and change efficacy (7 items)."""
    agreement = scale(
        "agreement",
        "Agreement",
        [
            (1, "Disagree", None),
            (2, "Somewhat disagree", None),
            (3, "Neither agree nor disagree", None),
            (4, "Somewhat agree", None),
            (5, "Agree", None),
        ],
        proficient=4,
    )
    return framework(
        "oric",
        "1.0.0",
        "Organisational readiness for implementing change",
        "Two subscales of an organisation's readiness to implement a specific change, answered "
        "by its members on a five-point agreement scale. A subscale score is the mean of its "
        "items; an organisation-level score is the mean of its members' scores, reported only "
        "where agreement within the group (rwg(j)) and ICC(1)/ICC(2) support aggregating.",
        source=(
            "Shea CM, Jacobs SR, Esserman DA, Bruce K, Weiner BJ. Organizational readiness for "
            "implementing change: a psychometric assessment of a new measure. Implementation "
            "Science 2014;9:7"
        ),
        licence="The source article is CC BY; item wording here is leadcomp's own",
        structure="ORIC (Shea et al. 2014): change commitment (5 items), change efficacy (7)",
        scales=[agreement],
        tags=["change-readiness", "organisation", "implementation"],
        competencies=[
            competency(
                "oric.change-commitment",
                "Change commitment",
                "change_readiness",
                "Whether people across the organisation want this change and mean to see it "
                "through.",
                indicators=[
                    "Most of us would be disappointed if this change were dropped.",
                    "We talk about this change as our own job, not as something done to us.",
                    "Most of us look forward to working in the way this change brings.",
                    "If this change runs into setbacks, we will stick with it rather than let it "
                    "drop.",
                    "We are ready to give up some time and convenience so that this change "
                    "works.",
                ],
                descriptors=[
                    "People treat the change as someone else's and show no wish to carry it "
                    "out.",
                    "Only a few people want the change, and not strongly.",
                    "People are in two minds: neither set on the change nor against it.",
                    "Most people want the change and mean to carry it out, with some doubts.",
                    "People across the organisation want the change and are set on seeing it "
                    "through together.",
                ],
            ),
            competency(
                "oric.change-efficacy",
                "Change efficacy",
                "change_readiness",
                "Whether people believe that, between them, they have what it takes to make "
                "this change work.",
                indicators=[
                    "From what we already record, we could tell whether this change is on "
                    "track.",
                    "Colleagues who find the new way of working hard would get the help they "
                    "need from us.",
                    "Between us, we can plan who does what and when, so that the parts of this "
                    "change fit together.",
                    "When something goes wrong with this change, we have people who can put it "
                    "right.",
                    "We can steer this change through the disagreements and competing interests "
                    "it will stir up.",
                    "We can bring doubtful colleagues round to backing this change.",
                    "We can keep this change moving after the launch, when attention turns "
                    "elsewhere.",
                ],
                descriptors=[
                    "People doubt they could carry out the change at all.",
                    "People see serious gaps in what they could do to carry out the change.",
                    "People are unsure whether they could carry out the change.",
                    "People are fairly sure they could carry out the change, with some "
                    "worries.",
                    "People are sure that, between them, they can plan, run and keep up the "
                    "change.",
                ],
            ),
        ],
    )


# --------------------------------------------------------------------------------------------
# Kotter: the eight steps (1996) and the eight accelerators (2014)

KOTTER_SCALE = scale(
    "progress",
    "How far the step is in place",
    [
        (1, "Not yet", "The step has not been taken, or has no visible effect."),
        (2, "Partly", "Some work on the step, but patchy or confined to a few people."),
        (3, "Largely", "The step is mostly in place and having the intended effect."),
        (4, "Fully", "The step is fully in place and sustained."),
    ],
    proficient=3,
    not_observed="Don't know",
)

# (key, title, summary, indicators, descriptors levels 1..4, replaces)
Step = tuple[str, str, str, list[Item], list[str], list[str]]
KOTTER_1996: list[Step] = [
    (
        "urgency",
        "Establish a sense of urgency",
        "Gets enough people to see, from evidence about their own service, that standing still "
        "will cost more than changing.",
        [
            "Staff can say, in their own words, what will go wrong if the organisation carries on "
            "as it is.",
            "Senior staff have been frank with everyone about the threats and openings ahead, "
            "including figures that do not flatter.",
            Rev("The general feeling is that nothing much needs to change."),
        ],
        [
            "Few people see any need to change.",
            "Some leaders see the need, but it is not widely felt.",
            "Most people accept that change is needed soon.",
            "A strong, shared sense of urgency drives action across the organisation.",
        ],
        [],
    ),
    (
        "guiding-coalition",
        "Create the guiding coalition",
        "Puts together a leading group whose standing, skills and trust in one another are enough "
        "to carry the change.",
        [
            "The people leading the change carry enough weight that others take notice of them.",
            "Those leading the change work as one team and rely on each other.",
            "Between them, those leading the change have the know-how it needs.",
        ],
        [
            "No group has taken responsibility for leading the change.",
            "A group exists but lacks the influence, expertise or cohesion it needs.",
            "A credible group leads the change and works well together.",
            "A powerful, trusted coalition leads the change and is seen to do so.",
        ],
        [],
    ),
    (
        "vision",
        "Develop a vision and strategy",
        "Works out what the organisation should look like after the change and the main route for "
        "getting there.",
        [
            "Staff can describe what will be different once the change is complete.",
            "Someone leading the change can set out where it is going in under five minutes.",
            "There is a believable plan for getting from here to the intended future.",
        ],
        [
            "There is no agreed picture of the future.",
            "A vision exists but is vague or lacks a strategy.",
            "A clear vision and a workable strategy have been agreed.",
            "The vision and strategy are compelling, clear and guide decisions daily.",
        ],
        [],
    ),
    (
        "communicate-vision",
        "Communicate the change vision",
        "Keeps talking about the intended future, in meetings, messages and conversations, until "
        "most people can explain it and see leaders acting on it.",
        [
            "Staff in every part of the organisation have heard where the change is going and can "
            "explain it.",
            "Senior people act in line with what they say the change is for.",
            "Staff have had chances to question the plans and say what they think.",
        ],
        [
            "Few people outside the leadership know the vision.",
            "The vision has been announced but not widely understood.",
            "Most people understand the vision and see leaders acting on it.",
            "The vision is understood and talked about throughout the organisation.",
        ],
        [],
    ),
    (
        "empower-action",
        "Empower broad-based action",
        "Finds out what stops people acting on the vision, whether rules, structures or people, "
        "and deals with it.",
        [
            "Rules, procedures or structures that got in the way of the change have been altered.",
            "Staff feel free to act on the change and try out ideas without asking permission at "
            "every step.",
            Rev("A few people who oppose the change are able to hold it up."),
        ],
        [
            "Obstacles to the change are left in place.",
            "Some obstacles have been removed, but many people still feel unable to act.",
            "Most obstacles have been tackled and people are acting on the vision.",
            "People throughout the organisation act on the vision without waiting for "
            "permission.",
        ],
        [],
    ),
    (
        "short-term-wins",
        "Generate short-term wins",
        "Makes sure that within months people can point to results of the change, and know who "
        "achieved them.",
        [
            "Within the first months there were improvements that everyone could see.",
            "Early successes have been talked about and marked across the organisation.",
            "The people behind early successes have been thanked by name.",
        ],
        [
            "No early improvements are visible.",
            "Some early gains have been made but few people know about them.",
            "Visible wins have been achieved and celebrated.",
            "A steady flow of planned wins builds confidence in the change.",
        ],
        [],
    ),
    (
        "consolidate-gains",
        "Consolidate gains and produce more change",
        "Treats early results as a start rather than a finish, and uses the trust they earn to "
        "take on larger changes.",
        [
            "Early results have been used to win support for larger changes.",
            "Staff who can take the change further have been trained, promoted or hired.",
            Rev("Leaders have treated the job as done and turned their attention elsewhere too "
                "early."),
        ],
        [
            "The change has stalled after its first results.",
            "Some further change is happening but momentum is fading.",
            "Early gains are being used to drive further change.",
            "Change keeps building on itself until the vision is reached.",
        ],
        [],
    ),
    (
        "anchor-in-culture",
        "Anchor new approaches in the culture",
        "Keeps the new ways of working going after the change team moves on, until newcomers "
        "learn them as the way things are done.",
        [
            "The new ways of working are now simply how things are done.",
            "Staff can point to the results that the new ways of working have brought.",
            "New starters and new leaders learn the new ways from their first days in the job.",
        ],
        [
            "The old ways return as soon as attention moves on.",
            "New approaches are used, but depend on particular people.",
            "New approaches are part of normal practice in most areas.",
            "New approaches are part of the culture and survive changes of leadership.",
        ],
        [],
    ),
]

KOTTER_2014: list[Step] = [
    (
        "urgency",
        "Create a sense of urgency around a big opportunity",
        "Gets many people excited and impatient about one big opportunity that the organisation "
        "could take.",
        [
            # new numbers: urgency around an opportunity is not 1.0.0's case that the present
            # cannot continue, leaders sharing information, or complacency (.1 to .3)
            (4, "Staff can name the opportunity the organisation is going after."),
            (5, "Many people are keen to seize the opportunity and want to move on it now."),
            (6, Rev("Most people see the change as something bad to be got through.")),
        ],
        [
            "No shared opportunity has been identified.",
            "An opportunity has been named but few people feel any urgency about it.",
            "Many people see the opportunity and want to act on it soon.",
            "Urgency around the opportunity energises people across the organisation.",
        ],
        [],
    ),
    (
        "guiding-coalition",
        "Build and maintain a guiding coalition",
        "Gathers willing people from every level and corner of the organisation into a group that "
        "steers the work.",
        [
            # new numbers: breadth, a steady rhythm and volunteers' commitment are not 1.0.0's
            # influence and credibility, mutual trust, or expertise (.1 to .3)
            (4, "The group steering the change includes volunteers from many grades and "
                "departments."),
            (5, "The steering group meets and acts regularly, alongside the usual chain of "
                "management."),
            (6, "Members of the steering group are there because they care about the "
                "opportunity, not because they were told to be."),
        ],
        [
            "No coalition has formed.",
            "A coalition exists but is narrow or meets irregularly.",
            "A diverse coalition guides the work and is kept up over time.",
            "The coalition is a lasting network that guides change alongside the hierarchy.",
        ],
        [],
    ),
    (
        "strategic-vision",
        "Formulate a strategic vision and change initiatives",
        "Describes where the opportunity leads and picks a handful of pieces of work that can "
        "move quickly towards it.",
        [
            "The vision makes clear how the organisation will take the opportunity.",
            "A few pieces of work, each clearly tied to the vision, are under way.",
            "Those pieces of work are changed or stopped as the organisation learns what works.",
        ],
        [
            "There is no vision linked to the opportunity.",
            "A vision exists but initiatives are unclear or unconnected to it.",
            "A clear vision is linked to a few well-chosen initiatives.",
            "Vision and initiatives are refined continually as the organisation learns.",
        ],
        ["kotter.vision"],
    ),
    (
        "volunteer-army",
        "Communicate the vision to enlist a volunteer army",
        "Talks about the vision in a way that makes large numbers of people want to join in.",
        [
            "Large numbers of staff have offered to help move the change along.",
            "Messages about the change ask people to get involved, not only to listen.",
            "Those who have offered to help come from many different jobs and grades.",
        ],
        [
            "Few people beyond the coalition are involved.",
            "Some people have volunteered, mostly from the same groups.",
            "A growing number of volunteers from many groups are driving the change.",
            "A large, diverse volunteer network drives the change with energy.",
        ],
        ["kotter.communicate-vision"],
    ),
    (
        "remove-barriers",
        "Accelerate movement by removing barriers",
        "Finds and clears whatever is slowing people down.",
        [
            "Things that slow the change down are spotted soon after they appear.",
            "Senior staff move quickly to clear those obstacles once they hear of them.",
            Rev("People trying to help are held up by sign-offs and rules that achieve nothing."),
        ],
        [
            "Barriers go unnoticed or unchallenged.",
            "Barriers are identified but removed slowly.",
            "Most barriers are removed soon after they are found.",
            "The network itself finds and removes barriers as they appear.",
        ],
        ["kotter.empower-action"],
    ),
    (
        "short-term-wins",
        "Celebrate visible short-term wins",
        "Points out early results, big and small, so that people see the change working and keep "
        "going.",
        [
            # reworded, same meaning
            "Results, big and small, are coming through and people notice them.",
            # new numbers: linking wins to the opportunity and building the network's confidence
            # are not 1.0.0's celebrating early successes or recognising people (.2 and .3)
            (4, "Results are shared widely and shown to be steps towards the opportunity."),
            (5, "Results are used to give those driving the change more confidence."),
        ],
        [
            "No wins are visible.",
            "Some wins happen but go unnoticed.",
            "Wins are visible, celebrated and linked to the opportunity.",
            "Celebrated wins keep fuelling the energy of the network.",
        ],
        [],
    ),
    (
        "keep-learning",
        "Never let up: keep learning and do not declare victory too soon",
        "Does not stop at the first successes: starts the next piece of work and changes course "
        "as it learns, until the vision is reached.",
        [
            "The change keeps up speed after the first results.",
            "As one piece of work succeeds, the next is started.",
            Rev("Effort tails off once the first results are in."),
        ],
        [
            "Effort stops after the first results.",
            "Some further change happens but learning is not applied.",
            "Momentum is kept up and lessons shape the next steps.",
            "The organisation keeps accelerating, learning from every step.",
        ],
        ["kotter.consolidate-gains"],
    ),
    (
        "institutionalise",
        "Institutionalise strategic changes in the culture",
        "Shows how the new behaviour brought success and writes it into the organisation's "
        "routines, systems and culture.",
        [
            "Staff link the new ways of behaving with the organisation doing well.",
            "New ways of working are now part of the organisation's procedures, systems and job "
            "descriptions.",
            "The organisation can still move quickly when a new opportunity comes along.",
        ],
        [
            "New behaviours fade when attention moves on.",
            "New behaviours persist in some areas only.",
            "New behaviours are part of the culture in most areas.",
            "The culture itself sustains change and the capacity to act on new opportunities.",
        ],
        ["kotter.anchor-in-culture"],
    ),
]


def kotter(version: str) -> dict[str, Any]:
    """Kotter's eight steps (1.0.0, 1996, in sequence) or eight accelerators (2.0.0, 2014)."""
    if version == "1.0.0":
        steps, sequential = KOTTER_1996, True
        title = "Kotter's eight steps for leading change"
        description = (
            "Eight steps for leading organisational change, taken in order: each step builds "
            "on the ones before, so the first step not yet in place is where to focus."
        )
        source = "Kotter JP. Leading Change. Harvard Business School Press, 1996"
        structure = "Kotter's eight-step process (Leading Change, 1996)"
    else:
        steps, sequential = KOTTER_2014, False
        title = "Kotter's eight accelerators for strategic change"
        description = (
            "The 2014 revision of the eight steps: eight accelerators that run concurrently "
            "and continuously, driven by a network of volunteers alongside the usual hierarchy. "
            "Replaces the 1996 sequence (kotter 1.0.0); competencies whose id changed declare "
            "the ids they replace, and indicators whose meaning changed have new ids."
        )
        source = (
            "Kotter JP. Accelerate: Building Strategic Agility for a Faster-Moving World. "
            "Harvard Business Review Press, 2014"
        )
        structure = "Kotter's eight accelerators (Accelerate, 2014)"
    return framework(
        "kotter",
        version,
        title,
        description,
        source=source,
        licence=WORDING,
        structure=structure,
        scales=[KOTTER_SCALE],
        sequential=sequential,
        tags=["change", "organisation"],
        competencies=[
            competency(
                f"kotter.{key}", name, "step", summary,
                indicators=indicators, descriptors=descriptors, replaces=replaces,
            )
            for key, name, summary, indicators, descriptors, replaces in steps
        ],
    )


# --------------------------------------------------------------------------------------------
# ADKAR


def adkar() -> dict[str, Any]:
    """ADKAR's five elements in sequence, each rated 1 to 5."""
    rating = scale(
        "adkar-rating",
        "How far the element is in place for the person",
        [
            (1, "Not at all", None),
            (2, "Slightly", None),
            (3, "Partly", None),
            (4, "Largely", None),
            (5, "Fully", None),
        ],
        proficient=4,
    )
    elements = [
        (
            "Awareness",
            "Can say why the change is happening and what is at stake if nothing changes.",
            [
                "I understand why this change is being made.",
                "I know the risks of not changing.",
                "The reasons for the change have been explained to me in terms that make sense.",
            ],
            [
                "Does not know the change is happening or why.",
                "Has heard of the change but cannot say why it is needed.",
                "Knows the broad reasons but has doubts or gaps.",
                "Understands the reasons and the risks of not changing.",
                "Can explain the case for change to others with conviction.",
            ],
        ),
        (
            "Desire",
            "Shows they want the change to work, for reasons that matter to them.",
            [
                "I want to take part in this change.",
                "I can see what the change means for me personally.",
                Rev("I would rather things stayed as they are."),
            ],
            [
                "Opposes the change.",
                "Is reluctant and would not take part if given the choice.",
                "Is undecided about taking part.",
                "Is willing to take part in the change.",
                "Actively wants the change and encourages others.",
            ],
        ),
        (
            "Knowledge",
            "Knows what they must do differently and how to go about it.",
            [
                "I know what I need to do differently.",
                "I have had the training or information I need.",
                "I know where to go for help with the change.",
            ],
            [
                "Does not know what to do differently.",
                "Knows a little of what is expected but lacks the detail.",
                "Knows much of what is needed, with important gaps.",
                "Knows what to do and how to do it.",
                "Knows the new ways thoroughly and can teach them.",
            ],
        ),
        (
            "Ability",
            "Actually works in the new way, day to day, to the standard needed.",
            [
                "I can do the new tasks in my everyday work.",
                "I have the time and resources to work in the new way.",
                "I get support while I practise the new ways of working.",
            ],
            [
                "Cannot yet work in the new way.",
                "Manages the new way only occasionally or with close help.",
                "Works in the new way some of the time.",
                "Works in the new way reliably.",
                "Works in the new way with ease and helps others do so.",
            ],
        ),
        (
            "Reinforcement",
            "Keeps to the new way over time because it is noticed, valued and seen to work.",
            [
                "My efforts to work in the new way are recognised.",
                "I can see the change producing results.",
                Rev("It would be easy to slip back into the old way of working."),
            ],
            [
                "Has slipped back, or nothing holds the change in place.",
                "Little recognises or sustains the new way.",
                "Some things sustain the change, but slipping back is a real risk.",
                "The change is recognised and sustained.",
                "The change is firmly part of how the person works.",
            ],
        ),
    ]
    return framework(
        "adkar",
        "1.0.0",
        "ADKAR: five elements of individual change",
        "Five elements of an individual's journey through change, in order. Each is rated 1 to "
        "5; the first element rated 3 or below is the barrier point, where support should "
        "focus before later elements can hold.",
        source=(
            "Hiatt JM. ADKAR: a Model for Change in Business, Government and our Community. "
            "Prosci, 2006. ADKAR is a trademark of Prosci, Inc."
        ),
        licence=(
            "ADKAR is a trademark of Prosci, Inc., used here only to name the model factually; "
            + WORDING
        ),
        structure="the ADKAR model (Prosci), five elements in sequence; ADKAR is a trademark "
        "of Prosci, Inc. and this rendering is not affiliated with or endorsed by Prosci",
        scales=[rating],
        sequential=True,
        tags=["change-readiness", "individual"],
        competencies=[
            competency(
                f"adkar.{slug(name)}", name, "change_readiness", summary,
                indicators=indicators, descriptors=descriptors,
            )
            for name, summary, indicators, descriptors in elements
        ],
    )


# --------------------------------------------------------------------------------------------
# IHI Model for Improvement


def ihi_mfi() -> dict[str, Any]:
    """The Model for Improvement: three questions and PDSA cycles as a leader's skills."""
    practice = scale(
        "practice",
        "Improvement practice",
        [
            (1, "Aware", "Knows the idea and why it matters."),
            (2, "Applies with support", "Uses it in improvement work with help."),
            (3, "Applies independently", "Uses it well without help."),
            (4, "Teaches and leads", "Coaches others in it and leads its use across teams."),
        ],
        proficient=3,
        not_observed="Not observed",
    )
    skills = [
        (
            "aim",
            "Setting the aim: what are we trying to accomplish?",
            "Writes down what the improvement should achieve, for whom, by how much and by when.",
            [
                "States improvement aims that say how much, by when and for whom.",
                "Involves the people affected in agreeing the aim.",
                "Keeps the aim visible to the team throughout the work.",
                Rev("Starts improvement work without a clear aim."),
            ],
            [
                "Knows that improvement work needs a clear aim.",
                "Writes a specific aim with help from others.",
                "Sets specific, measurable, time-bound aims with the team.",
                "Helps teams across a service set ambitious, well-defined aims.",
            ],
        ),
        (
            "measures",
            "Choosing measures: how will we know that a change is an improvement?",
            "Picks a few measures that show whether changes help, including any harm done "
            "elsewhere, and watches them over time.",
            [
                "Chooses outcome, process and balancing measures for an improvement.",
                "Plots data over time, for example in run charts, rather than comparing two "
                "points.",
                "Uses measurement for learning, not for judgement.",
            ],
            [
                "Knows the kinds of measures used in improvement work.",
                "Collects data for measures chosen with help.",
                "Designs a family of measures and interprets them over time.",
                "Builds measurement for improvement into a service and teaches others to use "
                "it.",
            ],
        ),
        (
            "changes",
            "Selecting changes: what changes can we make that will result in improvement?",
            "Collects ideas for change from research, other teams and the staff doing the work, "
            "and picks the most promising.",
            [
                "Draws change ideas from evidence, other services and front-line staff.",
                "Selects changes that are likely to move the measures.",
                "Builds on ideas that others have already tested.",
            ],
            [
                "Knows that change ideas should be chosen, not assumed.",
                "Suggests change ideas with help from the team.",
                "Generates and selects change ideas systematically.",
                "Helps teams find and adapt change ideas that have worked elsewhere.",
            ],
        ),
        (
            "pdsa",
            "Testing changes with Plan-Do-Study-Act cycles",
            "Tries each change on a small scale first, checks what happened against what was "
            "expected, and builds up from there.",
            [
                "Plans each test with a prediction and a way to collect data.",
                "Starts tests small and scales up as confidence grows.",
                "Studies results against the prediction before deciding the next step.",
                "Runs several cycles in sequence, each building on the last.",
            ],
            [
                "Knows the four stages of a PDSA cycle.",
                "Runs a PDSA cycle with support.",
                "Runs linked series of PDSA cycles independently and learns from each.",
                "Coaches teams in testing changes and uses PDSA across a programme of work.",
            ],
        ),
    ]
    return framework(
        "ihi-mfi",
        "1.0.0",
        "Model for Improvement: a leader's improvement practice",
        "The three questions of the Model for Improvement (aim, measures, changes) and testing "
        "changes with Plan-Do-Study-Act cycles, rated as skills of a leader's improvement "
        "practice.",
        source=(
            "Langley GJ et al. The Improvement Guide (2nd ed., 2009), Associates in Process "
            "Improvement; as promoted by the Institute for Healthcare Improvement (IHI)"
        ),
        licence=WORDING,
        structure="the Model for Improvement: three questions plus PDSA cycles",
        scales=[practice],
        tags=["improvement", "quality-improvement"],
        competencies=[
            competency(
                f"ihi-mfi.{key}", name, "skill", summary,
                indicators=indicators, descriptors=descriptors,
            )
            for key, name, summary, indicators, descriptors in skills
        ],
    )


# --------------------------------------------------------------------------------------------
# Mentoring: five mentee attributes, fourteen mentoring functions

MENTEE_ATTRIBUTES: list[tuple[str, str, list[str], list[str]]] = [
    (
        "Inquisitive",
        "Comes to meetings with questions and follows up on what they want to understand.",
        [
            "Asks questions to understand why things are done as they are.",
            "Seeks out new knowledge and experiences.",
        ],
        [
            "Seldom asks questions or looks beyond what is required.",
            "Asks questions when prompted or when stuck.",
            "Regularly explores new topics and asks searching questions.",
            "Curiosity drives their learning and sparks discussion with their mentor.",
        ],
    ),
    (
        "Humble",
        "Admits the limits of what they know and takes correction without fuss.",
        [
            "Acknowledges what they do not yet know.",
            "Accepts feedback without becoming defensive.",
        ],
        [
            "Tends to overstate what they know and resists feedback.",
            "Accepts feedback, though sometimes defensively.",
            "Readily admits gaps and takes feedback on board.",
            "Seeks out challenge to their views and learns visibly from it.",
        ],
    ),
    (
        "Showing initiative",
        "Drives the mentoring themselves, from arranging meetings to following up on what was "
        "agreed.",
        [
            "Takes the lead in arranging meetings and setting the agenda.",
            "Acts on advice without waiting to be chased.",
        ],
        [
            "Waits for the mentor to arrange and direct everything.",
            "Takes the lead occasionally, when reminded.",
            "Usually drives the meetings and follows up on agreed actions.",
            "Owns the relationship and brings their own plans and progress to it.",
        ],
    ),
    (
        "Adaptable",
        "Changes plans and tries unfamiliar approaches when things shift.",
        [
            "Adjusts their plans when circumstances change.",
            "Tries approaches suggested by their mentor, even unfamiliar ones.",
        ],
        [
            "Keeps to familiar ways even when they are not working.",
            "Adapts when change is unavoidable.",
            "Adjusts readily and tries new approaches.",
            "Seeks out new situations as chances to grow.",
        ],
    ),
    (
        "Grateful",
        "Lets people know that their time and help are appreciated.",
        [
            "Thanks those who give their time and help.",
            "Acknowledges the mentor's part in their progress.",
        ],
        [
            "Rarely acknowledges the help they receive.",
            "Thanks people when it is expected.",
            "Regularly shows appreciation for the help they receive.",
            "Shows appreciation generously and passes on help to others.",
        ],
    ),
]

MENTORING_FUNCTIONS: list[tuple[str, str, list[str], list[str]]] = [
    (
        "Teaching",
        "Shows the mentee how to do what their work needs and checks that they have got it.",
        [
            "Explains ideas and skills the mentee needs for their role.",
            "Checks the mentee has understood and can apply what was taught.",
        ],
        [
            "Rarely shares knowledge or skills with the mentee.",
            "Shares knowledge when asked.",
            "Plans what to teach around the mentee's needs.",
            "Teaches in ways that build the mentee's ability to learn for themselves.",
        ],
    ),
    (
        "Socialising",
        "Lets the mentee in on how the profession and the organisation really work, including "
        "what is never written down.",
        [
            "Explains how things really work in the organisation.",
            "Helps the mentee understand the norms and values of the profession.",
        ],
        [
            "Leaves the mentee to work out the culture alone.",
            "Answers questions about norms when asked.",
            "Actively explains the culture and introduces the mentee to its ways.",
            "Helps the mentee find their own place in the profession's culture.",
        ],
    ),
    (
        "Providing opportunity",
        "Finds the mentee chances to try things they could not easily arrange for themselves.",
        [
            "Finds opportunities for the mentee to gain new experience.",
            "Brings the mentee into projects, meetings or networks that help them grow.",
        ],
        [
            "Rarely creates opportunities for the mentee.",
            "Passes on opportunities that come their way.",
            "Looks out for opportunities that fit the mentee's goals.",
            "Creates stretching opportunities and supports the mentee through them.",
        ],
    ),
    (
        "Sponsoring",
        "Puts their own name behind the mentee when roles and chances come up.",
        [
            "Recommends the mentee for roles and responsibilities.",
            "Speaks positively about the mentee to people of influence.",
        ],
        [
            "Does not use their standing on the mentee's behalf.",
            "Supports the mentee when directly asked for a reference.",
            "Puts the mentee forward for suitable roles and projects.",
            "Actively champions the mentee's career with people of influence.",
        ],
    ),
    (
        "Coaching",
        "Asks rather than tells, so that the mentee works out their own answers and gets better "
        "at their work.",
        [
            "Asks questions that help the mentee think problems through.",
            "Helps the mentee set goals and review their progress.",
        ],
        [
            "Tells the mentee what to do rather than helping them think.",
            "Sometimes helps the mentee reflect before giving advice.",
            "Regularly uses questions and goal-setting to build the mentee's own thinking.",
            "Coaches skilfully so that the mentee becomes self-directed.",
        ],
    ),
    (
        "Guiding",
        "Helps the mentee plan where their career might go and how to get there.",
        [
            "Helps the mentee think about the direction of their career.",
            "Points out routes and choices the mentee may not have considered.",
        ],
        [
            "Offers little guidance on direction.",
            "Gives general guidance when asked.",
            "Helps the mentee weigh options and plan their course.",
            "Helps the mentee build a long-term path that fits their values.",
        ],
    ),
    (
        "Protecting",
        "Keeps the mentee out of avoidable trouble while they learn.",
        [
            "Warns the mentee about risks and pitfalls ahead.",
            "Steps in when the mentee faces unfair treatment or excessive pressure.",
        ],
        [
            "Leaves the mentee exposed to avoidable risk.",
            "Warns of risks when they become obvious.",
            "Anticipates risks and helps the mentee avoid or manage them.",
            "Protects the mentee while still letting them take the risks they learn from.",
        ],
    ),
    (
        "Advising and counselling",
        "Gives a considered view on the mentee's dilemmas and a private place to talk them "
        "through.",
        [
            "Gives well-judged advice on professional dilemmas.",
            "Listens in confidence to the mentee's concerns.",
        ],
        [
            "Is not available to talk through concerns.",
            "Offers advice occasionally when asked.",
            "Listens well and gives balanced advice on concerns raised.",
            "Is a trusted confidant whose advice helps the mentee handle difficult situations.",
        ],
    ),
    (
        "Encouraging",
        "Helps the mentee believe they can do it, especially after something has gone wrong.",
        [
            "Recognises the mentee's progress and strengths.",
            "Encourages the mentee to keep going after setbacks.",
        ],
        [
            "Seldom offers encouragement.",
            "Encourages the mentee when things go well.",
            "Encourages the mentee regularly, including after setbacks.",
            "Builds lasting confidence that helps the mentee take on bigger challenges.",
        ],
    ),
    (
        "Inspiring",
        "Makes the mentee keener on their work and on what they might achieve.",
        [
            "Shares a sense of purpose that motivates the mentee.",
            "Helps the mentee see what they could achieve.",
        ],
        [
            "Does little to motivate the mentee.",
            "Occasionally shares enthusiasm for the work.",
            "Regularly motivates the mentee with a sense of purpose and possibility.",
            "Inspires the mentee to aim higher than they thought possible.",
        ],
    ),
    (
        "Challenging",
        "Pushes back on the mentee's thinking and sets them harder goals.",
        [
            "Questions the mentee's assumptions constructively.",
            "Sets goals that stretch the mentee.",
        ],
        [
            "Avoids challenging the mentee.",
            "Challenges the mentee occasionally or bluntly.",
            "Challenges constructively and sets stretching goals.",
            "Challenges skilfully so that the mentee welcomes being stretched.",
        ],
    ),
    (
        "Role modelling",
        "Is someone whose own conduct the mentee can learn from by watching.",
        [
            "Behaves in the ways they encourage the mentee to adopt.",
            "Talks openly about how they handle difficult situations.",
        ],
        [
            "Their own practice is at odds with what they advise.",
            "Sets a reasonable example in most situations.",
            "Consistently models good practice and explains their choices.",
            "Is a model the mentee consciously learns from in many situations.",
        ],
    ),
    (
        "Supporting",
        "Is there for the mentee, with time and practical help, when things are hard.",
        [
            "Makes time for the mentee when they need it.",
            "Offers practical help when the mentee faces difficulty.",
        ],
        [
            "Is rarely available when the mentee needs support.",
            "Offers support when asked.",
            "Is reliably available and offers practical help.",
            "Provides steady support that helps the mentee through major transitions.",
        ],
    ),
    (
        "Befriending",
        "Gets to know the mentee as a person, so that the relationship is warm and two-way.",
        [
            "Takes an interest in the mentee as a person.",
            "Builds a relationship of mutual trust and respect.",
        ],
        [
            "Keeps the relationship strictly formal and distant.",
            "Is friendly but the relationship stays superficial.",
            "Has built a warm, trusting relationship with the mentee.",
            "Has a lasting relationship of mutual friendship and respect.",
        ],
    ),
]


def mentoring() -> dict[str, Any]:
    """Mentoring: the five mentee attributes and the fourteen mentoring functions."""
    how_often = scale(
        "how-often",
        "How often",
        [
            (1, "Rarely", None),
            (2, "Sometimes", None),
            (3, "Often", None),
            (4, "Consistently", None),
        ],
        proficient=3,
        not_observed="Not observed",
    )
    competencies: list[dict[str, Any]] = [
        competency(
            "mentoring.mentee-attributes",
            "Mentee attributes",
            "domain",
            "What a mentee brings that makes mentoring work for them.",
        )
    ]
    competencies += [
        competency(
            f"mentoring.{slug(name)}", name, "attribute", summary,
            parent="mentoring.mentee-attributes", indicators=indicators, descriptors=descriptors,
        )
        for name, summary, indicators, descriptors in MENTEE_ATTRIBUTES
    ]
    competencies.append(
        competency(
            "mentoring.mentoring-functions",
            "Mentoring functions",
            "domain",
            "The kinds of help a mentor gives a mentee.",
        )
    )
    competencies += [
        competency(
            f"mentoring.{slug(name)}", name, "function", summary,
            parent="mentoring.mentoring-functions", indicators=indicators,
            descriptors=descriptors,
        )
        for name, summary, indicators, descriptors in MENTORING_FUNCTIONS
    ]
    return framework(
        "mentoring",
        "1.0.0",
        "Mentoring: mentee attributes and mentoring functions",
        "Two domains for mentoring relationships in health care leadership: five attributes "
        "of a mentee (rated for the mentee) and fourteen functions of a mentor (rated for the "
        "mentor), each on how often it shows.",
        source=(
            "Hawkins JW, Fontenot HB. Mentorship: the heart and soul of health care leadership. "
            "Journal of Healthcare Leadership 2010;2:31-34 (the mentoring functions after Hayes, "
            "as cited there)"
        ),
        licence=WORDING,
        structure="Hawkins & Fontenot (2010): five mentee attributes and the fourteen "
        "mentoring functions after Hayes",
        scales=[how_often],
        tags=["mentoring", "development"],
        competencies=competencies,
    )


# --------------------------------------------------------------------------------------------
# Roles

PCN_SOURCE = (
    "NHS England, Network Contract Directed Enhanced Service (DES): the Primary Care Network "
    "clinical director's published role responsibilities (from July 2019; accountable for "
    "delivering the DES from 2024/25)"
)
PCN_NOTE = (
    "No official competency framework exists for this role; this profile is leadcomp's own "
    "judgement based on the published role responsibilities (Network Contract DES)."
)

# (competency key, level, importance, essential, note)
Req = tuple[str, int, int, bool, str]


def role(
    rid: str,
    title: str,
    description: str,
    *,
    framework_id: str,
    provenance: dict[str, Any],
    requirements: Sequence[Req],
    tags: Sequence[str],
) -> dict[str, Any]:
    """A role document as plain data."""
    return {
        "kind": "role",
        "format": "1.0",
        "id": rid,
        "title": title,
        "description": description,
        "provenance": provenance,
        "framework": {"id": framework_id, "versions": "^1.0.0"},
        "tags": list(tags),
        "requirements": [
            {
                "competency": f"{framework_id}.{key}",
                "level": level,
                "importance": importance,
                "essential": essential,
                "note": text,
            }
            for key, level, importance, essential, text in requirements
        ],
    }


def pcn_clinical_director() -> dict[str, Any]:
    """PCN clinical director on the Healthcare Leadership Model."""
    return role(
        "pcn-clinical-director",
        "Primary Care Network clinical director",
        "The clinical director of a Primary Care Network in England: leads the network's member "
        "practices, works with system leaders, drives quality improvement and population "
        "health, and from 2024/25 is accountable for delivering the Network Contract DES. "
        "Levels are on the Healthcare Leadership Model (1 Essential to 4 Exemplary).",
        framework_id="hlm",
        provenance={"source": PCN_SOURCE, "unofficial": True, "note": PCN_NOTE},
        tags=["primary-care", "pcn", "clinical-director"],
        requirements=[
            ("inspiring-shared-purpose", 3, 4, False,
             "Sets local strategic direction and a culture of continuous improvement across "
             "the network."),
            ("leading-with-care", 3, 3, False,
             "Looks after a network workforce that includes additional-roles staff working "
             "across several practices."),
            ("evaluating-information", 3, 4, True,
             "Population health, unwarranted variation and system targets all rest on reading "
             "data well."),
            ("connecting-our-service", 4, 5, True,
             "Works with other PCN directors, providers, the ICS, commissioners and the LMC, "
             "and integrates out-of-hospital care."),
            ("sharing-the-vision", 3, 4, False,
             "Represents the network and carries its plans, including Long Term Plan "
             "delivery, to practices and partners."),
            ("engaging-the-team", 3, 5, True,
             "Leads relationships across member practices, which are independent businesses "
             "with their own views."),
            ("holding-to-account", 3, 5, True,
             "Accountable from 2024/25 for delivering the DES: funding, additional-roles staff, "
             "access payments and neighbourhood teams."),
            ("developing-capability", 2, 3, False,
             "Develops staff and future leaders across the network."),
            ("influencing-for-results", 4, 5, True,
             "Must influence practices and system partners over whom the role has no line "
             "authority."),
        ],
    )


def pcn_clinical_director_clcf() -> dict[str, Any]:
    """PCN clinical director on the Clinical Leadership Competency Framework."""
    return role(
        "pcn-clinical-director-clcf",
        "Primary Care Network clinical director (CLCF)",
        "The same role as pcn-clinical-director, profiled on the twenty elements of the "
        "Clinical Leadership Competency Framework (leadcomp's scale: 1 Foundation to "
        "4 Expert), for programmes that use the CLCF.",
        framework_id="clcf",
        provenance={"source": PCN_SOURCE, "unofficial": True, "note": PCN_NOTE},
        tags=["primary-care", "pcn", "clinical-director"],
        requirements=[
            ("developing-self-awareness", 3, 3, False,
             "Leads peers who are also practice partners and colleagues."),
            ("managing-yourself", 3, 4, False,
             "Combines the director role with clinical work."),
            ("continuing-personal-development", 2, 2, False,
             "Keeps developing as the role and the system change."),
            ("acting-with-integrity", 3, 4, False,
             "Handles public funding and conflicts of interest between member practices."),
            ("developing-networks", 4, 5, True,
             "Works with other PCN directors, providers, ICS leaders, commissioners and the "
             "LMC."),
            ("building-and-maintaining-relationships", 4, 5, True,
             "Leads relationships across member practices."),
            ("encouraging-contribution", 3, 4, False,
             "Brings every member practice into the network's decisions."),
            ("working-within-teams", 3, 4, False,
             "Leads multiprofessional teams, including additional-roles staff and "
             "neighbourhood teams."),
            ("planning", 3, 4, False,
             "Plans delivery of the DES, Long Term Plan commitments and local priorities."),
            ("managing-resources", 3, 5, True,
             "Accountable from 2024/25 for DES funding and additional-roles staff."),
            ("managing-people", 3, 4, False,
             "Oversees staff employed or deployed across the network."),
            ("managing-performance", 3, 5, True,
             "Accountable for DES delivery, access payments and system targets."),
            ("ensuring-patient-safety", 3, 3, False,
             "Keeps care safe as services are shared between practices."),
            ("critically-evaluating", 3, 4, False,
             "Tackles unwarranted variation between practices."),
            ("encouraging-improvement-and-innovation", 3, 5, True,
             "Leads quality-improvement plans and a culture of continuous improvement."),
            ("facilitating-transformation", 3, 4, False,
             "Integrates out-of-hospital care and builds neighbourhood teams."),
            ("identifying-the-contexts-for-change", 3, 4, False,
             "Reads national policy, the Long Term Plan and ICS priorities for the network."),
            ("applying-knowledge-and-evidence", 3, 4, False,
             "Uses population health data to target the network's work."),
            ("making-decisions", 3, 4, False,
             "Makes decisions on behalf of the network and its member practices."),
            ("evaluating-impact", 3, 3, False,
             "Shows whether the network's services improve outcomes and value."),
        ],
    )


def clinical_fellow() -> dict[str, Any]:
    """An aspiring clinical leader on the Healthcare Leadership Model."""
    return role(
        "clinical-fellow",
        "Clinical fellow (aspiring clinical leader)",
        "A doctor, nurse, pharmacist or allied health professional early in a leadership "
        "career, such as a clinical or leadership fellow, leading an improvement project "
        "without formal authority while keeping a clinical role. Levels are on the Healthcare "
        "Leadership Model (1 Essential to 4 Exemplary); the profile is a development target, "
        "not a job requirement.",
        framework_id="hlm",
        provenance={
            "source": "leadcomp, from the typical remit of clinical leadership fellowships",
            "unofficial": True,
            "note": (
                "No official competency profile exists for this role on this framework; this "
                "profile is leadcomp's own judgement based on the typical published "
                "responsibilities of clinical leadership fellowships."
            ),
        },
        tags=["clinical", "fellowship", "aspiring-leader"],
        requirements=[
            ("inspiring-shared-purpose", 2, 4, True,
             "Is motivated by better patient care and can say why their project matters."),
            ("leading-with-care", 2, 4, False,
             "Looks after colleagues and themselves while combining clinical and project work."),
            ("evaluating-information", 2, 5, True,
             "Uses data and evidence to diagnose problems and test improvements."),
            ("connecting-our-service", 2, 4, False,
             "Learns how services connect, often through work across organisations."),
            ("sharing-the-vision", 1, 3, False,
             "Explains their project's aims clearly."),
            ("engaging-the-team", 2, 4, False,
             "Involves the people affected in the project."),
            ("holding-to-account", 1, 2, False,
             "Keeps their own commitments; rarely manages others yet."),
            ("developing-capability", 2, 4, False,
             "Actively develops as a leader and seeks feedback."),
            ("influencing-for-results", 2, 5, True,
             "Must win support for change from people over whom they have no authority."),
        ],
    )


def practice_manager() -> dict[str, Any]:
    """A general practice manager on the Healthcare Leadership Model."""
    return role(
        "practice-manager",
        "Practice manager (general practice)",
        "The manager of a general practice, often working with its Primary Care Network: "
        "finance, staffing, contracts, premises, regulation and patient services. Profiled on "
        "the Healthcare Leadership Model rather than the CLCF because the HLM is written for "
        "everyone in health and care, clinical or not, while the CLCF is written for "
        "clinicians. Levels run from 1 Essential to 4 Exemplary.",
        framework_id="hlm",
        provenance={
            "source": "leadcomp, from the typical responsibilities of general practice managers",
            "unofficial": True,
            "note": (
                "No official competency profile exists for this role on this framework; this "
                "profile is leadcomp's own judgement based on the typical published "
                "responsibilities of general practice managers."
            ),
        },
        tags=["primary-care", "practice-management"],
        requirements=[
            ("inspiring-shared-purpose", 2, 3, False,
             "Keeps the practice team focused on patients as well as on running the business."),
            ("leading-with-care", 3, 4, True,
             "Responsible for staff wellbeing, HR and a safe working environment."),
            ("evaluating-information", 3, 4, False,
             "Works with finance, contract and performance data."),
            ("connecting-our-service", 2, 4, False,
             "Links the practice with its PCN, the ICB and community services."),
            ("sharing-the-vision", 2, 3, False,
             "Communicates the partners' plans to the practice team."),
            ("engaging-the-team", 3, 5, True,
             "Leads a mixed clinical and administrative team day to day."),
            ("holding-to-account", 3, 5, True,
             "Manages performance and the practice's compliance with contracts and regulation."),
            ("developing-capability", 2, 3, False,
             "Organises training and development for practice staff."),
            ("influencing-for-results", 2, 3, False,
             "Negotiates with partners, suppliers and the PCN."),
        ],
    )


# --------------------------------------------------------------------------------------------


def documents() -> dict[str, dict[str, Any]]:
    """Every built-in as plain data, by its file path relative to the builtin package."""
    frameworks = [
        hlm(), clcf(), nhs_lf(), board(), oric(), kotter("1.0.0"), kotter("2.0.0"), adkar(),
        ihi_mfi(), mentoring(),
    ]
    roles = [
        pcn_clinical_director(), pcn_clinical_director_clcf(), clinical_fellow(),
        practice_manager(),
    ]
    out = {f"frameworks/{f['id']}-{f['version']}.json": f for f in frameworks}
    out.update({f"roles/{r['id']}.json": r for r in roles})
    return out


def build() -> dict[str, str]:
    """Every built-in as canonical JSON text, checked for problems (warnings included)."""
    import leadcomp

    texts: dict[str, str] = {}
    models: dict[str, Any] = {}
    for name, data in documents().items():
        model = leadcomp.load(data)
        found = leadcomp.check(model)
        if found:
            raise SystemExit(f"{name}: " + "; ".join(str(p) for p in found))
        models[name] = model
        texts[name] = leadcomp.dumps(model)
    for name, model in models.items():
        if isinstance(model, leadcomp.RoleProfile):
            target = models[f"frameworks/{model.framework.id}-1.0.0.json"]
            found = leadcomp.check(model, target)
            if found:
                raise SystemExit(f"{name}: " + "; ".join(str(p) for p in found))
    return texts


def main(argv: Sequence[str] | None = None) -> int:
    """Write the built-ins, or with --check report those that differ from what is built."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    texts = build()
    stale = []
    for name, text in texts.items():
        path = OUT / name
        current = path.read_bytes() if path.exists() else None
        if current == text.encode("utf-8"):
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
    folders = {name.split("/")[0] for name in texts}  # mappings/ is written by hand
    extra = sorted(
        str(p.relative_to(OUT))
        for p in OUT.glob("*/*.json")
        if p.parent.name in folders and str(p.relative_to(OUT)) not in texts
    )
    for name in stale:
        print(f"{'differs' if args.check else 'wrote'}: {name}", file=sys.stderr)
    for name in extra:
        print(f"not built by this script: {name}", file=sys.stderr)
    return 1 if args.check and (stale or extra) else 0


if __name__ == "__main__":
    sys.exit(main())
