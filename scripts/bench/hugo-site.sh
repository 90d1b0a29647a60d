#!/usr/bin/env bash
# Writes a minimal Hugo site equivalent to Zhendi's output (home, section lists with
# pagination, article pages, tag pages, RSS, sitemap) around an existing corpus folder.
set -euo pipefail
site="$1"
mkdir -p "$site/layouts/_default"
cat > "$site/config.toml" <<'TOML'
baseURL = "https://example.org/"
languageCode = "zh-CN"
title = "测试站"
paginate = 10
hasCJKLanguage = true
[taxonomies]
  tag = "tags"
  branch = "branch"
[markup.goldmark.renderer]
  unsafe = false
TOML
cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}"></head>
<body><header><a href="/">{{ .Site.Title }}</a><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat > "$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006年1月2日" }} {{ .Params.author }}</p>
{{ .TableOfContents }}{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
HTML
cat > "$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006年1月2日" }}<p>{{ .Summary | plainify | truncate 120 }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
HTML
cat > "$site/layouts/index.html" <<'HTML'
{{ define "main" }}{{ range .Site.Sections }}<h2>{{ .Title }}</h2><ul>{{ range first 6 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
HTML
