"""A deterministic generator of realistic Chinese community sites in yizhan's format.

`generate(root, items, seed)` writes `root/site_config.yml` and `root/content/` with
`items` Markdown files spread over every content type (notices, events with weekly,
bi-weekly and monthly repeats and skipped dates, lessons, figures with photos and
consent, services with opening hours, policies with deadlines and attachments, static
pages), tags following a long-tailed distribution (the number of tags grows with the
site), links between items, images and attachments. The same (items, seed) always
gives byte-identical files, so benchmark runs and machines can be compared.

    python bench/corpus.py OUT_DIR --items 2000 [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

BUILDINGS = [f"幸福里{n}号楼" for n in range(1, 9)]
ROOMS = ["一楼社区服务大厅", "二楼党员活动室", "一楼辅导员工作室", "二楼多功能厅", "一楼自习室",
         "二楼学长领航站", "一楼心理辅导站", "二楼就业指导室", "一楼洗衣房旁公共空间"]
ORGS = ["幸福里学生社区党支部", "社区自我管理委员会", "学院团委", "学业导师团", "心理辅导站",
        "学院就业指导中心", "学生资助管理中心", "楼层党小组", "青年志愿者协会", "学长领航站"]
EVENT_CATEGORIES = ["党建活动", "学业帮扶", "文体活动", "志愿服务", "心理健康", "就业指导", "社区治理"]
SERVICE_CATEGORIES = ["学业发展", "生活服务", "心理健康", "就业创业", "党团事务", "资助服务"]
POLICY_CATEGORIES = ["奖助学金", "专升本", "学籍管理", "住宿管理", "党团事务"]
MAJORS = ["计算机应用技术", "软件技术", "物联网应用技术", "大数据技术", "电子信息工程技术",
          "云计算技术应用", "人工智能技术应用", "现代通信技术", "移动应用开发", "信息安全技术应用"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "浩然子涵雨彤思远佳宁一鸣欣怡俊杰梓萱宇航嘉怡晨阳诗雨明轩语桐博文可馨天佑雅琪泽宇若曦"

BASE_TAGS = ["党建引领", "三会一课", "主题党日", "微党课", "微典型", "学业门诊", "学业小导师", "学业帮扶",
             "社区工作交流日", "天问论坛", "心理健康", "心理辅导站", "学长领航站", "失物招领", "维修报修",
             "奖助政策", "国家助学金", "国家奖学金", "专升本", "考试周", "自习室", "志愿服务", "文明寝室",
             "安全检查", "消防安全", "防诈骗", "就业指导", "实习", "简历", "创新创业", "技能竞赛", "体育锻炼",
             "文化节", "读书会", "新生入学", "毕业离校", "宿舍管理", "生活服务", "网格管理", "楼长", "层长",
             "寝室长", "入党积极分子", "发展对象", "预备党员", "团员", "资助", "助学贷款", "勤工助学",
             "学籍", "休学", "社区治理", "垃圾分类", "节能", "假期", "返校", "心理委员", "朋辈辅导"]
TAG_SUFFIXES = ["专题", "分享会", "工作坊", "答疑", "培训", "交流", "实践", "课堂"]

NOTICE_TITLES = ["关于开展{b}宿舍安全检查的通知", "{b}热水管道检修停水通知", "关于{m}月社区工作交流日安排的通知",
                 "{term}奖助学金申请工作的通知", "失物招领启事（{m}月第{w}周）", "关于{b}电梯维护保养的通知",
                 "{term}期末考试周自习室延长开放", "关于评选“文明寝室”的通知", "{b}网络设备升级公告",
                 "关于报名参加学业门诊小导师的通知", "国庆假期离校返校登记通知", "关于开展消防疏散演练的通知",
                 "社区心理委员培训报名通知", "关于{term}入党积极分子推荐工作的通知", "{b}洗衣房暂停使用通知"]
EVENT_TITLES = ["{topic}主题党日", "{topic}学业门诊", "第{n}期天问论坛：{topic}", "社区工作交流日：{topic}",
                "{topic}心灵茶话会", "{topic}志愿服务", "{topic}专题讲座", "{topic}分享会", "{topic}技能工作坊",
                "“{topic}”读书会", "{topic}趣味运动会", "企业进社区：{topic}"]
TOPICS = ["专升本备考", "高等数学", "C语言程序设计", "数据结构", "简历制作", "面试技巧", "时间管理",
          "情绪调节", "寝室关系", "消防安全", "反诈骗", "垃圾分类", "英语四级", "人工智能", "网络安全",
          "职业规划", "红色家书", "党史学习", "乡村振兴", "科技创新", "志愿服务", "体育锻炼", "阅读",
          "数字中国", "枫桥经验", "劳动教育", "节能减排", "毕业设计", "实习安全", "求职准备"]
LESSON_SERIES = ["微党课", "专题党课", "入党积极分子培训", "党小组学习", "发展对象培训"]
SERVICE_TITLES = ["{topic}咨询", "{b}{room}预约", "证明开具", "维修报修", "失物招领", "自习室座位",
                  "助学贷款咨询", "心理咨询预约", "学业辅导", "就业指导", "党员活动室借用", "快递代收",
                  "雨伞借用", "打印复印", "体育器材借用"]
POLICY_TITLES = ["{category}：{topic}办理指南", "{term}{category}评审办法解读", "{category}常见问题",
                 "学生{topic}管理规定", "{category}申请流程"]

SENTENCES = [
    "社区坚持党建引领，把思想引领、学业帮扶、生活服务和心理关怀送到宿舍楼下。",
    "活动由{org}组织，欢迎{b}的同学报名参加。",
    "学业门诊每周二、周四晚上开诊，由专业教师党员和学业小导师共同坐诊，不用预约。",
    "请同学们提前安排好时间，按时到达{b}{room}。",
    "社区实行“楼长、层长、寝室长”三级网格管理，有问题可以先联系本楼层层长。",
    "办理过程中如有疑问，可以到{b}{room}当面咨询，也可以在工作时间拨打社区服务电话。",
    "{major}专业的同学在上学期的技能竞赛中获得省级一等奖，为社区赢得了荣誉。",
    "本学期共开展主题党日{n}次，参与党员和入党积极分子{k}人次。",
    "考试周期间自习室延长开放到24:00，请自觉保持安静，不要占座。",
    "心理辅导站提供一对一咨询，所有谈话内容严格保密。",
    "请在截止日期前提交材料，逾期不再受理。",
    "活动结束后，志愿者会将照片和总结发布在社区公众号上。",
    "寝室是同学们学习和生活的地方，安全用电、文明相处是每个人的责任。",
    "学长领航站邀请高年级党员分享专升本备考和求职经验，帮助新生尽快适应大学生活。",
    "社区工作交流日每周四下午举行，学院领导、辅导员和同学们面对面交流。",
    "{term}社区活动参与率达到{p}%，学生满意度保持在90%以上。",
    "请携带校园卡和相关证明材料，按照办理步骤逐项完成。",
    "天问论坛邀请校内外专家走进社区，和同学们聊科技、聊人生、聊理想。",
    "党员宿舍挂牌亮身份，带头做好寝室卫生和安全检查。",
    "如遇特殊情况不能参加，请提前向所在党小组组长请假，并在一周内补学。",
]


class _Writer:
    """Writes one site; every random choice comes from one seeded generator."""

    def __init__(self, root: Path, items: int, seed: int):
        self.root = root
        self.content = root / "content"
        self.rng = random.Random(f"yizhan-bench-{items}-{seed}")
        self.total = items
        self.tags = self._tag_vocabulary()
        self.slugs: dict[str, list[str]] = {}
        self.term_start = date(2026, 9, 1)

    # -- vocabulary ---------------------------------------------------------------------
    def _tag_vocabulary(self) -> list[str]:
        """Base tags plus compound ones: about one distinct tag per 12 items."""
        wanted = max(len(BASE_TAGS), self.total // 12)
        tags = list(BASE_TAGS)
        n = 0
        while len(tags) < wanted:
            base = BASE_TAGS[n % len(BASE_TAGS)]
            suffix = TAG_SUFFIXES[(n // len(BASE_TAGS)) % len(TAG_SUFFIXES)]
            round_ = n // (len(BASE_TAGS) * len(TAG_SUFFIXES))
            tags.append(f"{base}{suffix}" + (f"{round_ + 1}" if round_ else ""))
            n += 1
        return tags

    def pick_tags(self, k: int) -> list[str]:
        """Long-tailed: low indexes (common tags) are much more likely."""
        chosen: list[str] = []
        while len(chosen) < k:
            index = int(len(self.tags) * self.rng.random() ** 2.5)
            tag = self.tags[min(index, len(self.tags) - 1)]
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))

    def fill(self, template: str, n: int) -> str:
        r = self.rng
        return template.format(
            b=r.choice(BUILDINGS), room=r.choice(ROOMS), org=r.choice(ORGS), m=r.randint(1, 12),
            w=r.randint(1, 4), term=r.choice(["2025—2026学年", "2026—2027学年", "本学期", "秋季学期", "春季学期"]),
            topic=r.choice(TOPICS), n=n, k=r.randint(20, 300), p=r.randint(60, 95), major=r.choice(MAJORS),
            category=r.choice(POLICY_CATEGORIES),
        )

    def paragraph(self, n: int) -> str:
        return "".join(self.fill(self.rng.choice(SENTENCES), n) for _ in range(self.rng.randint(2, 5)))

    def link(self, from_type: str) -> str:
        """A relative link to an item already written (services and policies are linked most)."""
        for type_ in self.rng.sample(["services", "policies", "events", "notices"], 4):
            if self.slugs.get(type_):
                slug = self.rng.choice(self.slugs[type_])
                return f"详见[{self.rng.choice(['办理说明', '相关服务', '这里', '原通知'])}](../{type_}/{slug}.md)。"
        return ""

    def body(self, type_: str, n: int) -> str:
        r = self.rng
        parts = [self.paragraph(n)]
        for _ in range(r.randint(1, 4)):
            roll = r.random()
            if roll < 0.25:
                parts.append(f"## {r.choice(['安排', '注意事项', '办理说明', '背景', '常见问题', '联系我们'])}")
            elif roll < 0.4:
                rows = "\n".join(f"| {r.choice(BUILDINGS)} | {r.randint(1, 12)}月{r.randint(1, 28)}日 | "
                                 f"{r.choice(TOPICS)} |" for _ in range(r.randint(2, 6)))
                parts.append(f"| 楼栋 | 日期 | 内容 |\n|---|---|---|\n{rows}")
            elif roll < 0.5:
                parts.append("\n".join(f"{i}. {self.fill(r.choice(SENTENCES), n)}" for i in range(1, r.randint(3, 6))))
            elif roll < 0.55:
                parts.append(f"!!! note \"提示\"\n    {self.fill(r.choice(SENTENCES), n)}")
            parts.append(self.paragraph(n))
        if r.random() < 0.4:
            parts.append(self.paragraph(n) + self.link(type_))
        return "\n\n".join(parts) + "\n"

    # -- files ----------------------------------------------------------------------------
    def write(self, type_: str, slug: str, front: list[str], body: str, stem: str | None = None) -> None:
        path = self.content / type_ / f"{stem or slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(front) + "\n---\n\n" + body, encoding="utf-8")
        self.slugs.setdefault(type_, []).append(stem or slug)

    def assets(self) -> None:
        images = self.content / "assets" / "images"
        images.mkdir(parents=True, exist_ok=True)
        for n in range(12):
            hue = (n * 37) % 360
            (images / f"cover-{n:02d}.svg").write_text(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">'
                f'<rect width="800" height="450" fill="hsl({hue},60%,45%)"/>'
                f'<text x="400" y="240" font-size="64" text-anchor="middle" fill="#fff">幸福里 {n + 1}</text></svg>\n',
                encoding="utf-8")
            (images / f"photo-{n:02d}.svg").write_text(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">'
                f'<rect width="300" height="400" fill="hsl({hue},30%,80%)"/>'
                f'<circle cx="150" cy="150" r="80" fill="hsl({hue},30%,55%)"/></svg>\n', encoding="utf-8")
        files = self.content / "assets" / "files"
        files.mkdir(parents=True, exist_ok=True)
        for n in range(4):
            (files / f"cailiao-{n}.pdf").write_bytes(_tiny_pdf())

    def day(self, start: date, span: int) -> date:
        return start + timedelta(days=self.rng.randint(0, span))

    # -- types ----------------------------------------------------------------------------
    def services(self, count: int) -> None:
        for n in range(count):
            r = self.rng
            title = self.fill(SERVICE_TITLES[n % len(SERVICE_TITLES)], n) + (f"（{r.choice(BUILDINGS)}）" if n >= len(SERVICE_TITLES) else "")
            days = sorted(r.sample(range(7), r.randint(2, 7)))
            week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            front = [f"title: {title}", f"summary: {self.fill(r.choice(SENTENCES), n)}",
                     f"category: {r.choice(SERVICE_CATEGORIES)}", f"location: {r.choice(BUILDINGS)}{r.choice(ROOMS)}",
                     f"provider: {r.choice(ORGS)}",
                     f"contact: {{phone: \"0571-8{r.randint(1000000, 9999999)}\", qq: \"{r.randint(10000000, 99999999)}\"}}",
                     "hours:",
                     f"  - {{days: [{', '.join(week[d] for d in days)}], open: \"08:30\", close: \"11:30\"}}",
                     f"  - {{days: [{', '.join(week[d] for d in days)}], open: \"14:00\", close: \"17:30\"}}",
                     "steps:", *[f"  - {self.fill(s, n)}" for s in r.sample(SENTENCES, 3)],
                     "materials: [校园卡, 学生证]", f"tags: [{', '.join(self.pick_tags(r.randint(1, 4)))}]"]
            self.write("services", f"fuwu-{n:05d}", front, self.body("services", n))

    def policies(self, count: int) -> None:
        for n in range(count):
            r = self.rng
            reviewed = self.day(date(2025, 6, 1), 500)
            front = [f"title: {self.fill(r.choice(POLICY_TITLES), n)}（{n + 1}）",
                     f"summary: {self.fill(r.choice(SENTENCES), n)}",
                     f"category: {r.choice(POLICY_CATEGORIES)}", f"reviewed: {reviewed}",
                     f"issued_by: {r.choice(['教育部', '学校学生工作部', '学院学工办', '学校教务处'])}",
                     f"effective: {reviewed - timedelta(days=200)}",
                     "applies_to: [全日制在校学生]",
                     "source: {title: 原文, url: \"https://www.moe.gov.cn/\"}",
                     "steps:", *[f"  - {self.fill(s, n)}" for s in r.sample(SENTENCES, 4)],
                     "materials: [申请表（本人签字）, 校园卡复印件]"]
            if r.random() < 0.5:
                front += ["attachments:", f"  - {{title: 申请材料清单, file: ../assets/files/cailiao-{n % 4}.pdf}}"]
            if r.random() < 0.6:
                first = self.day(self.term_start, 270)
                front += ["deadlines:", f"  - {{date: {first}, title: 个人申请截止}}",
                          f"  - {{date: {first + timedelta(days=14)}, title: 学院审核截止}}"]
            if r.random() < 0.1:
                front.append(f"expires: {reviewed + timedelta(days=r.randint(30, 700))}")
            front.append(f"tags: [{', '.join(self.pick_tags(r.randint(1, 4)))}]")
            self.write("policies", f"zhengce-{n:05d}", front, self.body("policies", n))

    def notices(self, count: int) -> None:
        for n in range(count):
            r = self.rng
            published = self.day(date(2022, 1, 1), 1800)
            title = self.fill(r.choice(NOTICE_TITLES), n)
            front = [f"title: {title}", f"date: {published}"]
            if r.random() < 0.6:
                front.append(f"summary: {self.fill(r.choice(SENTENCES), n)}")
            if r.random() < 0.5:
                front.append(f"expires: {published + timedelta(days=r.randint(7, 60))}")
            elif r.random() < 0.03:
                front.append("pinned: true")
            if r.random() < 0.5:
                front.append(f"audience: [{', '.join(r.sample(BUILDINGS, r.randint(1, 3)))}]")
            if r.random() < 0.1:
                front.append(f"cover: ../assets/images/cover-{n % 12:02d}.svg")
            front.append(f"tags: [{', '.join(self.pick_tags(r.randint(1, 3)))}]")
            # A few volunteers name files in Chinese: yizhan makes a pinyin slug of them.
            stem = f"{title[:12]}-{n:05d}" if n % 20 == 7 else None
            self.write("notices", f"tongzhi-{n:05d}", front, self.body("notices", n), stem)

    def events(self, count: int) -> None:
        week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for n in range(count):
            r = self.rng
            day = self.day(date(2024, 9, 1), 1000)
            hour = r.choice([9, 10, 14, 15, 19])
            front = [f"title: {self.fill(r.choice(EVENT_TITLES), n)}",
                     f"summary: {self.fill(r.choice(SENTENCES), n)}"]
            roll = r.random()
            if roll < 0.08:  # all-day, sometimes several days
                front += [f"start: {day}", f"end: {day + timedelta(days=r.choice([0, 1, 2]))}"]
            else:
                front += [f"start: {day} {hour}:00", f"end: {day} {hour + 2}:00"]
            if 0.08 <= roll < 0.18:
                front.append(f"repeat: {{freq: weekly, days: [{week[day.weekday()]}], until: {day + timedelta(days=r.randint(60, 150))}}}")
                front.append(f"except: [{day + timedelta(days=14)}]")
            elif 0.18 <= roll < 0.23:
                front.append(f"repeat: {{freq: weekly, interval: 2, count: {r.randint(4, 10)}}}")
            elif 0.23 <= roll < 0.28:
                front.append(f"repeat: {{freq: monthly, nth: [-1, fri], until: {day + timedelta(days=300)}}}")
            elif 0.28 <= roll < 0.31:
                front.append(f"repeat: {{freq: monthly, day: {min(day.day, 28)}, count: 6}}")
            front += [f"location: {r.choice(BUILDINGS)}{r.choice(ROOMS)}", f"organizer: {r.choice(ORGS)}",
                      f"category: {r.choice(EVENT_CATEGORIES)}"]
            if r.random() < 0.3:
                front.append(f"capacity: {r.randint(20, 200)}")
            if r.random() < 0.2:
                front.append("registration: \"https://wj.example.edu.cn/s/" + f"{n:05d}\"")
            if r.random() < 0.15:
                front.append(f"cover: ../assets/images/cover-{n % 12:02d}.svg")
            front.append(f"tags: [{', '.join(self.pick_tags(r.randint(1, 4)))}]")
            self.write("events", f"huodong-{n:05d}", front, self.body("events", n))

    def lessons(self, count: int) -> None:
        for n in range(count):
            r = self.rng
            front = [f"title: {r.choice(LESSON_SERIES)}：{r.choice(TOPICS)}（第{n + 1}讲）",
                     f"date: {self.day(date(2021, 9, 1), 2000)}",
                     f"speaker: {self.name()}（{r.randint(2021, 2026)}级{r.choice(MAJORS)} 学生党员）",
                     f"series: {r.choice(LESSON_SERIES)}", f"location: {r.choice(BUILDINGS)}{r.choice(ROOMS)}"]
            if r.random() < 0.3:
                front.append(f"time: \"{r.choice(['14:30', '19:00'])}\"")
            if r.random() < 0.5:
                front.append("readings: [《中国共产党章程》, 《习近平新时代中国特色社会主义思想学习纲要》]")
            if r.random() < 0.15:
                front += ["attachments:", f"  - {{title: 学习材料, file: ../assets/files/cailiao-{n % 4}.pdf}}"]
            front.append(f"tags: [{', '.join(self.pick_tags(r.randint(1, 3)))}]")
            self.write("lessons", f"dangke-{n:05d}", front, self.body("lessons", n))

    def figures(self, count: int) -> None:
        for n in range(count):
            r = self.rng
            front = [f"title: {self.name()}", f"role: {r.randint(2021, 2026)}级{r.choice(MAJORS)} "
                     f"{r.choice(['学生党员', '入党积极分子', '楼长', '学业小导师', '志愿者'])}",
                     f"year: {r.randint(2019, 2026)}", f"quote: {self.fill(r.choice(SENTENCES), n)}",
                     "consent: true", "honors:",
                     *[f"  - {{year: {r.randint(2019, 2026)}, title: {r.choice(['国家奖学金', '优秀共青团员', '优秀学生干部', '技能竞赛省级一等奖', '优秀志愿者'])}}}"
                       for _ in range(r.randint(1, 3))]]
            if r.random() < 0.7:
                front.append(f"photo: ../assets/images/photo-{n % 12:02d}.svg")
            front.append(f"tags: [微典型, {', '.join(self.pick_tags(r.randint(1, 2)))}]")
            self.write("figures", f"renwu-{n:05d}", front, self.body("figures", n))

    def pages(self, count: int) -> None:
        titles = ["关于我们", "联系我们", "隐私说明", "社区地图", "志愿者招募", "常见问题"]
        for n in range(count):
            title = titles[n] if n < len(titles) else f"社区简介（{n + 1}）"
            front = [f"title: {title}", f"order: {n + 1}", f"summary: {self.fill(self.rng.choice(SENTENCES), n)}"]
            self.write("pages", f"yemian-{n:02d}", front, self.body("pages", n))


# Share of each type; `pages` is a handful, whatever the size.
SHARES = {"services": 0.08, "policies": 0.12, "notices": 0.32, "events": 0.24, "lessons": 0.14, "figures": 0.10}
CONFIG = """\
site_name: 幸福里学生社区（基准测试 {items} 条）
site_url: https://bench.example.edu.cn/
description: 信息工程学院“一站式”学生社区 · 党建引领 服务到家
organization: 信息工程学院
language: zh
timezone: Asia/Shanghai
theme: {{primary: red, accent: amber}}
categories:
  events: [{events}]
  services: [{services}]
  policies: [{policies}]
posters: {{size: A4, orientation: portrait, footer: "扫码查看详情 · 幸福里学生社区"}}
policies: {{review_after_days: 365}}
privacy: {{require_consent: true}}
"""


def counts(items: int) -> dict[str, int]:
    """How many items of each type a site of `items` items has (they add up to `items`)."""
    pages = min(6, max(1, items // 200))
    rest = items - pages
    result = {name: int(rest * share) for name, share in SHARES.items()}
    result["notices"] += rest - sum(result.values())
    result["pages"] = pages
    return result


def generate(root: Path, items: int, seed: int = 0) -> Path:
    """Write a site of `items` items into `root` (site_config.yml, content/); returns the config path."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    config = root / "site_config.yml"
    config.write_text(CONFIG.format(items=items, events=", ".join(EVENT_CATEGORIES),
                                    services=", ".join(SERVICE_CATEGORIES), policies=", ".join(POLICY_CATEGORIES)),
                      encoding="utf-8")
    writer = _Writer(root, items, seed)
    writer.assets()
    plan = counts(items)
    # Services and policies first: later bodies link to them.
    for type_ in ("services", "policies", "pages", "notices", "events", "lessons", "figures"):
        getattr(writer, type_)(plan[type_])
    return config


def _tiny_pdf() -> bytes:
    """A valid one-page PDF (what a volunteer attaches: an application form)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("out", type=Path)
    cli.add_argument("--items", type=int, default=500)
    cli.add_argument("--seed", type=int, default=0)
    args = cli.parse_args()
    print(generate(args.out, args.items, args.seed))
