package dev.wrss.agent; final class Placeholder {}
