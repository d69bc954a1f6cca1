"""Plausible words for the benchmark's consultation: names, places, clause text, comments.

Everything is drawn from one seeded random.Random, so two runs with the same
seed build the same database. The people, groups and places are invented.
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Carys Rhodri Siân Dafydd Aisha Megan Tom Gwen Owain Ffion Iwan Nia Gareth Eleri Huw Bethan Aled Catrin "
    "Rhys Lowri Emyr Mari Sioned Geraint Elin Llinos Tomos Cerys Dewi Hannah Mohammed Priya Oliver Amira "
    "Jac Seren Osian Manon Yusuf Grace Kai Zofia Ioan Alys Bryn Anwen Deio Efa Steffan Hawa"
).split()
LAST_NAMES = (
    "Morgan Evans Jones Price Khan Hughes Baker Williams Davies Thomas Roberts Lewis Lloyd Owen Griffiths "
    "Rees Jenkins Powell Parry Edwards Howells Pugh Vaughan Bowen Rowlands Ahmed Patel Kowalski Nguyen "
    "Mensah Ali Watkins Prosser Llewellyn Harries Gwilym Pritchard Probert Meredith Bevan"
).split()
PLACES = (
    "Penrhos Glanmôr Aberwen Llanfair Cwmdu Tregarth Pontnewydd Bryncoch Nantlle Caerwen Llanddewi Pentre "
    "Rhydyfelin Maesteg Bethel Cefn Glyncoed Llwynhendy Trefor Abercraf Penybryn Brynteg Gelli Tonyrefail "
    "Hirwaun Cilgwyn Llanwern Porthcawl Dolwen Sarnau Waunfawr Rhosgoch Ystrad Llangennech Pencoed Coedpoeth "
    "Penmaen Tal-y-bont Llanrug Felinfach"
).split()
GROUP_KINDS = (
    "Community Pantry", "Development Trust", "Mutual Aid", "Youth Club", "Men's Shed", "Food Bank",
    "Befriending Service", "Community Choir", "Tenants' Association", "Carers' Network", "Repair Café",
    "Community Garden", "Sports Club", "Cylch Cymraeg", "Chapel Friends", "Community Hub", "Credit Union",
    "Refugee Welcome", "Parents' Forum", "Dementia Café", "Village Hall Committee", "Arts Collective",
    "Walking Group", "Older People's Forum", "Disability Network", "Community Transport", "Foodshare",
    "Allotment Society", "Baby Bank", "Wellbeing Circle", "Warm Space", "Time Bank",
)
THEMES = (
    "Working together", "Food and essential supplies", "Volunteering", "Communication", "Funding",
    "Local agreements", "Public Service Boards", "The Welsh language", "Digital inclusion", "Evidence and learning",
    "Health and wellbeing", "Emergencies", "Equality and inclusion", "Premises and community assets", "Young people",
    "Rural communities", "Accountability", "Training and support", "Sharing information", "Review of this strategy",
)
SUBHEADINGS = (
    "Purpose", "What we heard", "Our commitments", "Roles of public bodies", "Roles of community organisations",
    "Role of County Voluntary Councils", "Funding arrangements", "Measures of success", "Timescales",
    "Coordination of volunteers", "Communication between partners", "Resolving disagreements", "Reporting",
    "Examples of good practice", "Support for informal groups", "Review",
)
SUBJECTS = (
    "Public bodies", "Councils", "County Voluntary Councils", "Community organisations", "Public Service Boards",
    "The Welsh Government", "Health boards", "Partners in each area", "Every party to a local agreement",
)
VERBS = (
    "will agree", "will publish", "will review", "will fund", "will share", "will co-design", "should record",
    "will set out", "will support", "will name", "will take part in", "should explain", "will keep",
)
OBJECTS = (
    "a shared plan for {theme}", "clear routes for volunteers to offer help", "the contact points for each partner",
    "multi-year grants for community organisations", "what they know about local needs",
    "the decisions they take and the reasons for them", "a joint approach to {theme}",
    "the local agreement with the community organisations of their area", "a named officer for community partnerships",
    "training for staff who work with community groups", "space in public buildings for community use",
    "a yearly report on how the partnership is working", "arrangements for coordinating volunteers without duplication",
)
QUALIFIERS = (
    "within six months of this strategy", "each year", "with the community organisations of their area",
    "in Welsh and English", "before the end of each financial year", "in a form that small groups can use",
    "without asking informal groups to register as charities", "through their County Voluntary Council",
    "so that relationships do not depend on individual officers", "and publish the results",
)
LIST_ITEMS = (
    "who does what, and by when", "how partners keep in touch between meetings", "how volunteers are matched to needs",
    "how disagreements are raised and resolved", "how funding decisions are made and explained",
    "how people who are not online are reached", "how the Welsh language is used in every activity",
    "how informal groups take part without paperwork they cannot manage",
)
WELSH_SENTENCES = (
    "Bydd cyrff cyhoeddus yn gweithio gyda sefydliadau cymunedol eu hardal.",
    "Bydd y Cyngor Gwirfoddol Sirol yn hwyluso'r drafodaeth.",
    "Byddwn yn cyhoeddi cynllun ar y cyd bob blwyddyn.",
    "Rhaid i bob parti gytuno ar bwy sy'n gwneud beth.",
    "Bydd gwirfoddolwyr yn cael eu cydlynu heb ddyblygu.",
    "Bydd y Gymraeg yn cael ei thrin yn ddim llai ffafriol na'r Saesneg.",
    "Bydd grwpiau anffurfiol yn gallu cymryd rhan heb waith papur diangen.",
    "Byddwn yn adolygu'r strategaeth hon gyda'n partneriaid.",
    "Bydd pob penderfyniad a'r rhesymau drosto yn cael eu cyhoeddi.",
    "Bydd swyddog penodol yn gyfrifol am bartneriaethau cymunedol.",
)
COMMENT_OPENINGS = {
    "support": ("We welcome this clause.", "Our group strongly supports this.", "This matches what worked in our area.",
                "Yes: this is what we asked for in the last round."),
    "concern": ("We are worried this will not work for small groups.", "This clause leaves too much to each council.",
                "Our members are concerned about the timescale here.", "This could add paperwork for volunteers."),
    "question": ("Who will pay for this?", "How will this be checked?", "Does this apply to informal groups too?",
                 "What happens when a council does not agree?"),
    "suggestion": ("Please add a named contact for each group.", "Could this say 'within three months' instead?",
                   "We suggest the County Voluntary Council holds the list.", "Add a duty to publish the minutes."),
}
COMMENT_DETAILS = (
    "During the pandemic our pantry in {place} fed two hundred households a week with the council's help.",
    "When the officer we worked with moved on, the arrangement stopped overnight.",
    "Most of our volunteers are over seventy and do not use email.",
    "We meet in the chapel vestry; a shared space would change everything for us.",
    "The grant forms took longer to fill in than the project took to run.",
    "Our members speak Welsh first, and the forms we were sent were in English only.",
    "We would like to see this written into the local agreement for {place}.",
    "The Public Service Board has never invited a community group to its meetings.",
    "Three different bodies asked us for the same information last winter.",
    "It worked best when we had one phone number that always answered.",
)
REPLY_OPENINGS = ("I agree with this.", "That is our experience too.", "Not quite: in {place} it was different.",
                  "Thank you for raising this.", "Could you say more about how that worked?",
                  "We tried this and it helped.", "I think the clause already covers this.")
OFFICIAL_REPLIES = ("Thank you. We have changed this clause in the next version to say who is responsible.",
                    "Thank you. We will take this to the partnership board and publish the answer here.",
                    "We agree, and the next draft sets a timescale.",
                    "We have not changed the clause: the guidance to Public Service Boards covers this.")
RATIONALES = ("The current text leaves informal groups out.", "The timescale is too long for an emergency.",
              "Funding should be for more than one year.", "Volunteers need one point of contact, not three.",
              "The Welsh language must be named here, not only in the introduction.")


class Corpus:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def group_name(self) -> str:
        return f"{self.rng.choice(PLACES)} {self.rng.choice(GROUP_KINDS)}"

    def sentence(self, theme: str) -> str:
        r = self.rng
        obj = r.choice(OBJECTS).format(theme=theme.lower())
        return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {obj} {r.choice(QUALIFIERS)}."

    def clause_body(self, theme: str) -> str:
        """Two to four paragraphs of strategy prose, sometimes with a list: 500 to 1,200 characters."""
        r = self.rng
        paragraphs = [" ".join(self.sentence(theme) for _ in range(r.randint(2, 4))) for _ in range(r.randint(2, 3))]
        if r.random() < 0.3:
            items = r.sample(LIST_ITEMS, r.randint(3, 5))
            paragraphs.insert(1, "The agreement will say:\n\n" + "\n".join(f"- {item}" for item in items))
        return "\n\n".join(paragraphs)

    def revise(self, body: str, theme: str) -> str:
        """A small change of the kind officers make between versions."""
        r = self.rng
        paragraphs = body.split("\n\n")
        i = r.randrange(len(paragraphs))
        choice = r.random()
        if choice < 0.4 and " will " in paragraphs[i]:
            paragraphs[i] = paragraphs[i].replace(" will ", " must ", 1)
        elif choice < 0.7:
            paragraphs[i] = paragraphs[i] + " " + self.sentence(theme)
        else:
            sentences = paragraphs[i].split(". ")
            sentences[r.randrange(len(sentences))] = self.sentence(theme).rstrip(".")
            paragraphs[i] = ". ".join(sentences)
        return "\n\n".join(paragraphs)

    def welsh_body(self) -> str:
        r = self.rng
        return "\n\n".join(" ".join(r.sample(WELSH_SENTENCES, r.randint(2, 4))) for _ in range(r.randint(1, 2)))

    def comment_body(self, stance: str | None) -> str:
        r = self.rng
        opening = r.choice(COMMENT_OPENINGS[stance]) if stance else r.choice(REPLY_OPENINGS).format(place=r.choice(PLACES))
        details = [r.choice(COMMENT_DETAILS).format(place=r.choice(PLACES)) for _ in range(r.randint(1, 3))]
        if r.random() < 0.4:
            return f"{opening} {details[0]}\n\n" + " ".join(details[1:] or [r.choice(COMMENT_DETAILS).format(
                place=r.choice(PLACES))])
        return " ".join([opening, *details])

    def official_reply(self) -> str:
        return self.rng.choice(OFFICIAL_REPLIES)

    def rationale(self) -> str:
        return " ".join(self.rng.sample(RATIONALES, self.rng.randint(1, 2)))
