"""Events (the main one from the headline, others named in quotes), works in 《》, and awards."""

from __future__ import annotations

import re
from dataclasses import dataclass

EVENT_NOUNS = ("成立大会", "代表大会", "换届大会", "选举大会", "选举会", "常务理事会", "理事会", "座谈会", "研讨会", "交流会", "推进会",
               "观摩会", "现场会", "报告会", "表彰会", "培训班", "培训会", "年会", "论坛", "大会", "会议", "书画展", "摄影展",
               "图片展", "展览会", "展览", "博览会", "展销会", "对接会", "推介会", "直播节", "文化节", "艺术节", "旅游节", "启动仪式", "揭牌仪式", "仪式", "典礼", "调研", "考察",
               "视察", "走访", "慰问")
SURVEY_WORDS = ("调研", "考察", "视察", "走访", "慰问", "访贫问寒", "参观学习", "学习考察", "观摩学习", "送温暖")
QUOTED_EVENT_NOUNS = tuple(n for n in EVENT_NOUNS if n not in SURVEY_WORDS) + ("展", "普查")
HOLD_VERBS = ("召开", "举行", "举办", "开幕", "闭幕", "启动", "开班", "成立", "开展")  # …书画摄影展在某县开展
SURVEY_RE = re.compile(r"(?P<who>.+?)(?:调研组|考察组|调研团|考察团|一行)?(?P<to>来|赴|到|在|深入)(?P<where>.+?)"
                       r"(?:开展|进行)?(?P<what>" + "|".join(sorted(SURVEY_WORDS, key=len, reverse=True)) + ")")
# a lead clause is a survey when a delegation or the association makes it (不是 某地在某村走访 of anyone)
_SURVEY_SUBJECT_RE = re.compile("调研组|考察组|调研团|考察团|一行|老促会|促进会|率(?!先)")
_ACTIVITY_RE = re.compile(r"(?!一系列|系列|各项|多项|相关|有关|各类|这次|此次|本次|了)[^,。;]{2,20}活动")


def event_kind(name: str) -> str:
    if "成立" in name:
        return "founding"
    if any(k in name for k in ("换届", "选举", "会员代表大会")):
        return "election"
    if "培训" in name:
        return "training"
    if re.search(r"展览|展销|博览|展示会|[画影片品果]展|展$", name):
        return "exhibition"
    if any(k in name for k in SURVEY_WORDS):
        return "survey"
    if any(k in name for k in ("仪式", "典礼", "揭牌")):
        return "ceremony"
    return "meeting"


@dataclass(frozen=True)
class HeadlineEvent:
    name: str
    core: str  # the distinctive part (what was held), used to find the event in the body
    subject: str  # text naming the organizer, as written
    place: str  # text naming the place, as written ("" if none)
    kind: str


def parse_lead(clause: str) -> HeadlineEvent | None:
    """A body clause that holds the report's event (`Z在Y召开`, `X召开Z`): only with a verb of holding."""
    he = _parse_headline(clause, strict=True)
    return he if he is not None and len(he.core) >= 3 else None


def parse_headline(h: str) -> HeadlineEvent | None:
    """`X在Y召开Z` / `Z在Y举行` / `X调研组来Y调研` / `X举办Z` → the headline's event. A two-part headline
    (`X召开第五次会员代表大会 选举产生新一届领导班子`) is read part by part."""
    parts = [p for p in re.split(r"\s+|——|--|:|!", h.strip()) if len(p) >= 4]
    for part in parts if len(parts) > 1 else []:
        if (he := _parse_headline(part)) is not None:
            return he
    return _parse_headline(h)


_LABEL_RE = re.compile(r"^(?:简讯|快讯|消息|动态|要闻|图片新闻|工作动态)[::]\s*|^【[^】]{1,10}】")
VISIT_RE = re.compile(r"(?P<who>.{2,30}?)(?:一行)?(?:走访)?(?:慰问|看望)(?P<whom>.{2,30})")


def _parse_headline(h: str, strict: bool = False) -> HeadlineEvent | None:
    h = _LABEL_RE.sub("", h.strip()).rstrip("。!")
    for verb in HOLD_VERBS:
        k = h.find(verb)
        if k < 0:
            continue
        before, after = h[:k], h[k + len(verb) :]
        after = after.strip().removeprefix("了")
        for adverb in ("胜利", "隆重", "顺利", "成功", "圆满", "正式", "热烈"):
            before = before.removesuffix(adverb)
        place = ""
        if "在" in before:
            i = before.rfind("在")
            before, place = before[:i], before[i + 1 :]
        if after and after.endswith(EVENT_NOUNS):
            core = after
            name = core if core.startswith(before) or not before else before + core
            return HeadlineEvent(name, core, before, place, event_kind(core))
        if verb in ("开展", "举办", "举行") and _ACTIVITY_RE.fullmatch(after) and _SURVEY_SUBJECT_RE.search(before):
            # 县老促会…在某村开展关爱老区的送温暖活动; 举办“苏区行”活动: an activity of the association
            core = after.rsplit("的", 1)[-1]
            return HeadlineEvent(core, core, before, place, event_kind(core))
        quoted = re.search(r"[“\"]([^“”\"]{4,40}(?:活动|" + "|".join(EVENT_NOUNS) + r"))[”\"]$", before)
        if quoted and not after:  # 某市老促会“全市革命老区‘一村一品’观摩交流活动”举行
            core = quoted.group(1)
            subject = before[: quoted.start()]
            return HeadlineEvent(core, core, subject, place, event_kind(core))
        if verb == "成立" and strict and after:
            continue  # …总结了市老促会成立以来: no founding here
        if before.endswith(EVENT_NOUNS) or (verb == "成立" and before):
            core = before if verb != "成立" else before + "成立大会"
            return HeadlineEvent(core, core, "", place, event_kind(core))
    if strict and not _SURVEY_SUBJECT_RE.search(h):
        return None
    m = SURVEY_RE.fullmatch(h) or SURVEY_RE.match(h)
    if m and len(m["where"]) <= 16:
        name = h
        body = re.match(r"[^,、]*?(?:老促会|促进会)", m["who"]) if strict else None
        if body is not None:  # a lead clause listing the delegation: named by its association, not its members
            name = body.group(0) + m["to"] + m["where"] + m["what"] + h[m.end() :]
        return HeadlineEvent(name, name, m["who"], m["where"], "survey")
    if strict:
        return None
    m = VISIT_RE.fullmatch(h)
    if m:  # 长汀县老促会慰问老同志和老区工作突出贡献者
        return HeadlineEvent(h, h, m["who"], "", "survey")
    if h.endswith(EVENT_NOUNS):
        return HeadlineEvent(h, h, "", "", event_kind(h))
    return None


AFTER_QUOTE_NOUNS = ("研讨会", "座谈会", "论坛", "交流会", "报告会", "现场会", "推进会", "培训班", "展览", "书画展",
                     "摄影展", "展销会", "大会")
_AFTER_QUOTE_RE = re.compile("[^,。;、“”\"]{0,3}?(?:" + "|".join(AFTER_QUOTE_NOUNS) + ")")
_SURVEY_AFTER_QUOTE_RE = re.compile(r"(?:开展|进行)了?((?:专题)?(?:调研|调查|考察))")
NOT_EVENTS = ("发展", "进展", "开展", "拓展", "施展", "伸展", "扩展", "精神", "工作")
QUOTED_RE = re.compile(r"[“\"]([^“”\"]{3,40}?)[”\"]")


def quoted_events(sentence: str) -> list[tuple[int, int, str]]:
    """Proper names of events in quotes: “全国革命老区职业教育(大同)观摩交流会”."""
    out = []
    for m in QUOTED_RE.finditer(sentence):
        name = m.group(1)
        if name.endswith(QUOTED_EVENT_NOUNS) and not name.endswith(NOT_EVENTS):
            out.append((m.start(1), m.end(1), name))
            continue
        after = _AFTER_QUOTE_RE.match(sentence, m.end())
        if after:  # “沂蒙精神与乡村振兴”(学术)研讨会: the quote names the event, the noun says what it is
            out.append((m.start(1), after.end(), name + after.group(0)))
            continue
        survey = _SURVEY_AFTER_QUOTE_RE.match(sentence, m.end())
        if survey and sentence[max(0, m.start() - 2) : m.start()] in ("围绕", "就", "对"):
            # 围绕“中央红色交通线沿线村庄振兴发展”开展专题调研: the topic names the survey
            out.append((m.start(1), survey.end(), f"“{name}”{survey.group(1)}"))
    return out


WORK_RE = re.compile(r"《([^《》\n]{1,40})》")


def works(sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), m.group(1).strip()) for m in WORK_RE.finditer(sentence) if m.group(1).strip()]


AWARD_DOMAIN_RE = re.compile(r"在(?:(?:19|20)\d{2}年(?:度)?)?(\S{2,8}?工作)中")


_NOUNS_RE = "|".join(sorted((n for n in EVENT_NOUNS if n not in (*SURVEY_WORDS, "会议", "大会", "仪式", "展览")),
                             key=len, reverse=True))
_NAME = r"[^,。;:、“”\"()《》在]{2,36}?"
BODY_EVENT_RES = (  # events named in the body, in passing or not: X在Y召开Z会, 在Y举办了Z会, Z会在Y召开
    re.compile(rf"(?P<name>{_NAME}(?:{_NOUNS_RE}))在(?P<place>[^,。;]{{2,12}}?)(?:隆重|胜利|顺利)?(?:召开|举行|举办|开幕)"),
    re.compile(rf"在(?P<place>[^,。;在]{{2,12}}?)(?:组织|联合|高标准|成功)?(?:召开|举办|举行|承办|主办)了?"
               rf"(?P<name>{_NAME}(?:{_NOUNS_RE}))(?=[,。;]|$)"),
    re.compile(rf"(?:召开|举办|举行|承办)了?(?P<name>{_NAME}(?:{_NOUNS_RE}))(?=[,。;]|$)"),
)
_GENERIC_EVENT_HEADS = ("小型", "专题", "工作", "一次", "这次", "此次", "本次", "该", "各类", "多次", "系列", "有关")


def body_events(sentence: str) -> list[tuple[int, int, str, str]]:
    """Events named in a body sentence: (start, end, name, place as written). Bare kinds (召开座谈会, 小型座谈会)
    are parts of the report's main event, not events of their own."""
    out: list[tuple[int, int, str, str]] = []
    for rx in BODY_EVENT_RES:
        for m in rx.finditer(sentence):
            name = m.group("name")
            for lead in ("由", "的", "了"):
                if lead in name:
                    name = name[name.rindex(lead) + 1 :]
            start = m.end("name") - len(name)
            noun = next(n for n in sorted(EVENT_NOUNS, key=len, reverse=True) if name.endswith(n))
            head = name[: -len(noun)]
            if len(head) < 2 or head.startswith(_GENERIC_EVENT_HEADS) or any(start < b and a < m.end("name")
                                                                             for a, b, _, _ in out):
                continue
            place = m.groupdict().get("place") or ""
            out.append((start, m.end("name"), name, place))
    return out
